package asyncrt

import (
	"strings"
	"sync/atomic"
	"testing"
)

func TestNewWaker(t *testing.T) {
	var n atomic.Int32
	w := NewWaker(func() { n.Add(1) })
	w.Wake()
	w.Wake()
	if n.Load() != 2 {
		t.Fatalf("woken %d times, want 2", n.Load())
	}
	if msg := mustPanic(t, func() { NewWaker(nil) }); !strings.Contains(msg, "nil function") {
		t.Fatalf("panic %q", msg)
	}
	if msg := mustPanic(t, func() { (*Waker)(nil).Wake() }); !strings.Contains(msg, "nil *Waker") {
		t.Fatalf("panic %q", msg)
	}
}

func TestNoopWaker(t *testing.T) {
	w := NoopWaker()
	w.Wake() // does nothing, does not panic
	if !w.WillWake(NoopWaker()) {
		t.Fatal("NoopWaker().WillWake(NoopWaker()) = false")
	}
}

func TestWillWake(t *testing.T) {
	a := NewWaker(func() {})
	b := NewWaker(func() {})
	if !a.WillWake(a) || a.WillWake(b) || a.WillWake(nil) {
		t.Fatal("WillWake of function wakers")
	}
	// Two Waker values of the same task wake the same thing.
	rt, _ := newTestRuntime(t)
	h := Spawn(rt, Future[int](readyFuture{}))
	t1, t2 := &Waker{task: &h.hdr}, &Waker{task: &h.hdr}
	if !t1.WillWake(t2) || t1.WillWake(a) {
		t.Fatal("WillWake of task wakers")
	}
}

func TestNewContext(t *testing.T) {
	w := NewWaker(func() {})
	cx := NewContext(w)
	if cx.Waker() != w {
		t.Fatal("Context.Waker() is not the waker it was made with")
	}
	if msg := mustPanic(t, func() { NewContext(nil) }); !strings.Contains(msg, "nil *Waker") {
		t.Fatalf("panic %q", msg)
	}
}

// A task's Context hands out the same waker on every poll while it is alive,
// so futures can skip re-registering (WillWake).
func TestTaskWakerIsStable(t *testing.T) {
	rt, _ := newTestRuntime(t)
	var first, second *Waker
	step := 0
	f := pollFn[int](func(cx *Context) Poll[int] {
		step++
		if step == 1 {
			first = cx.Waker()
			first.Wake()
			return Pending[int]()
		}
		second = cx.Waker()
		return Ready(1)
	})
	within(t, 5e9, func() { BlockOn(rt, Future[int](f)) })
	if first != second || !first.WillWake(second) {
		t.Fatal("the task's waker changed between polls while it was alive")
	}
}
