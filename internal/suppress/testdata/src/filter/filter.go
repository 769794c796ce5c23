package filter

func bad() {}

func f() {
	bad() // want `call to bad`
	bad() //asynclint:ignore fake the trailing form
	//asynclint:ignore fake the form on the line above
	bad()
	//asynclint:ignore fake a reason that needs
	// a second line of explanation
	bad()
	//asynclint:ignore other a directive for another check
	bad() // want `call to bad`
	//asynclint:ignore fake
	bad() // want `call to bad`
	//asynclint:ignore other,fake a list of checks
	bad()
	//asynclint:ignore fake too far above: a blank line ends its reach

	bad() // want `call to bad`
	// asynclint:ignore fake with a space it is an ordinary comment
	bad() // want `call to bad`
	//asynclint:ignored fake not the directive's name
	bad() // want `call to bad`
}
