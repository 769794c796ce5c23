package fixes

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func task(co *asyncrt.Co) {
	time.Sleep(10 * time.Millisecond) // want `time.Sleep blocks an executor worker: every other task on it waits; use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
}

func named(c *asyncrt.Co, d time.Duration) {
	time.Sleep(d /* keep me */) // want `use asyncrt.Await\(c, asyncrt.Sleep\(d\)\)`
}

func inline(co *asyncrt.Co) {
	func() {
		_ = co
		time.Sleep(time.Second) // want `use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
	}()
	wait := func(d time.Duration) {
		time.Sleep(d) // want `use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
	}
	wait(time.Second)
}

func literal() asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int {
		time.Sleep(time.Millisecond) // want `use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
		return 1
	})
}

// No fix: the co's name is shadowed here.
func shadowed(co *asyncrt.Co) {
	func() {
		co := "not a coroutine"
		_ = co
		time.Sleep(time.Second) // want `time.Sleep blocks an executor worker: every other task on it waits; use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
	}()
}

// No fix: deferred.
func deferred(co *asyncrt.Co) {
	defer time.Sleep(time.Second) // want `time.Sleep blocks an executor worker`
}

// No fix: no coroutine in a Poll method.
type fut struct{}

func (fut) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	time.Sleep(time.Millisecond) // want `time.Sleep blocks an executor worker: every other task on it waits; keep cx.Waker\(\)`
	return asyncrt.Ready(1)
}
