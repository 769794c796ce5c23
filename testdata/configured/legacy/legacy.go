// Package legacy blocks, but asynclint.toml disables the blocking check
// here; the dropped future is still reported.
package legacy

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func Poll(co *asyncrt.Co) {
	time.Sleep(time.Second)
	asyncrt.Sleep(time.Second)
}
