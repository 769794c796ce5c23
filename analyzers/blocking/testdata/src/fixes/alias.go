package fixes

import (
	"time"

	art "github.com/asynclint/asynclint/asyncrt"
)

func aliased(co *art.Co) {
	time.Sleep(time.Millisecond) // want `use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
}
