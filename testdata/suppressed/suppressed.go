// Package suppressed is the fixture for //asynclint:ignore directives: the
// ones that work, and the ones that are themselves reported.
package suppressed

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Warmup runs once, before the runtime serves anything.
func Warmup(co *asyncrt.Co) {
	//asynclint:ignore blocking warm-up runs before any other task is spawned
	time.Sleep(time.Millisecond)
	time.Sleep(time.Millisecond) //asynclint:ignore blocking same, written on the line itself
}

// Stale no longer blocks, but kept its directive.
func Stale(co *asyncrt.Co) {
	//asynclint:ignore blocking this used to call time.Sleep
	asyncrt.Yield(co)
}

// NoReason's directive gives no reason, so it is not applied.
func NoReason(co *asyncrt.Co) {
	//asynclint:ignore blocking
	time.Sleep(time.Millisecond)
}

// Typo's directive names a check that does not exist.
func Typo(co *asyncrt.Co) {
	//asynclint:ignore blockng the name is misspelt
	time.Sleep(time.Millisecond)
}
