package report

func bad() {}
func ok()  {}

func f() {
	bad() //asynclint:ignore fake this one is used
	/* want `//asynclint:ignore directive silences nothing \(no fake finding here\); remove it` */ //asynclint:ignore fake stale
	ok()
	/* want `//asynclint:ignore directive gives no reason` */ //asynclint:ignore fake
	bad()
	/* want `//asynclint:ignore directive names no check` */ //asynclint:ignore
	ok()
	/* want `names unknown check "fak" \(did you mean fake\?\); the checks are fake, fake2, off` */ //asynclint:ignore fak a typo
	bad()
	/* want `//asynclint:ignore directive: fake2 silences nothing here; drop it from the list` */ //asynclint:ignore fake,fake2 partly stale
	bad()
	//asynclint:ignore off this check is not enabled in the run, so the directive is not judged
	ok()
}

/* want `//asynclint:file-ignore directive silences nothing \(no fake2 finding here\)` */ //asynclint:file-ignore fake2 nothing of fake2's in this file

func g() {
	// The fix deletes a directive that starts its line together with the line.
	// want +1 `silences nothing \(no fake2 finding here\)`
	//asynclint:ignore fake2 stale, and alone on its line
	ok()
}
