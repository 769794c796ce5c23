package typeerr

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func task(co *asyncrt.Co) {
	time.Sleep(time.Second)
}

func broken() int {
	return "not an int"
}
