package filter

// The test's path rule disables fake for legacy_*.go.
func h() {
	bad()
}
