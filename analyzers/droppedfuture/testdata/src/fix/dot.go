package fix

import . "github.com/asynclint/asynclint/asyncrt"

func dotted(co *Co) {
	fetch("a") // want `returned by fetch is dropped`
}
