package withtests

import (
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// slowStep sleeps on the worker: reported unless -test=false.
func slowStep(co *asyncrt.Co) {
	time.Sleep(time.Millisecond)
	Step(co)
}

func TestStep(t *testing.T) {
	_ = slowStep
}
