//asynclint:file-ignore fake generated-style table, reviewed in #1

package filter

func g() {
	bad()
	bad()
}
