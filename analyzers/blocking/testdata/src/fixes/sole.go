package fixes

import (
	"github.com/asynclint/asynclint/asyncrt"
	"time"
)

// time.Sleep is this file's only use of time: the fix drops the import.
func sole(co *asyncrt.Co) {
	time.Sleep(1000) // want `use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
}
