package a

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// ---- children polled with cx ----

// Then runs first, then second; after first is Ready it returns Pending
// without polling second or registering: nobody wakes it.
type Then struct {
	first  asyncrt.Future[int]
	second func(int) asyncrt.Future[int]
	next   asyncrt.Future[int]
}

func (t *Then) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if t.next == nil {
		p := t.first.Poll(cx)
		v, ok := p.Value()
		if !ok {
			return asyncrt.Pending[int]()
		}
		t.next = t.second(v)
		return asyncrt.Pending[int]() // want `Poll returns Pending at line \d+ after the child polled at line \d+ returned Ready, without registering cx.Waker\(\)`
	}
	return t.next.Poll(cx)
}

// ThenFixed polls the second future right away.
type ThenFixed struct {
	first  asyncrt.Future[int]
	second func(int) asyncrt.Future[int]
	next   asyncrt.Future[int]
}

func (t *ThenFixed) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if t.next == nil {
		v, ok := t.first.Poll(cx).Value()
		if !ok {
			return asyncrt.Pending[int]()
		}
		t.next = t.second(v)
	}
	return t.next.Poll(cx)
}

// IsReadyBranch: the Ready branch returns Pending.
type IsReadyBranch struct {
	child asyncrt.Future[string]
	got   string
}

func (b *IsReadyBranch) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if p := b.child.Poll(cx); p.IsReady() {
		b.got, _ = p.Value()
		return asyncrt.Pending[int]() // want `after the child polled at line \d+ returned Ready`
	}
	return asyncrt.Pending[int]()
}

// ReadyCompared compares IsReady with false.
type ReadyCompared struct{ child asyncrt.Future[int] }

func (r *ReadyCompared) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	p := r.child.Poll(cx)
	if p.IsReady() == false {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Pending[int]() // want `after the child polled at line \d+ returned Ready`
}

// ForeignContext polls the child with a Context of its own: the child
// registers a waker that does not wake this task.
type ForeignContext struct{ child asyncrt.Future[int] }

func (f *ForeignContext) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	own := asyncrt.NewContext(asyncrt.NoopWaker())
	if v, ok := f.child.Poll(own).Value(); ok {
		return asyncrt.Ready(v)
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// Delegate returns the child's Poll.
type Delegate struct{ child asyncrt.Future[int] }

func (d *Delegate) Poll(cx *asyncrt.Context) asyncrt.Poll[int] { return d.child.Poll(cx) }

// MapFuture maps the child's value, Pending when the child is Pending.
type MapFuture struct {
	child asyncrt.Future[int]
	f     func(int) string
}

func (m *MapFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	p := m.child.Poll(cx)
	if !p.IsReady() {
		return asyncrt.Pending[string]()
	}
	v, _ := p.Value()
	return asyncrt.Ready(m.f(v))
}

// DelegateOrYield delegates on one path and self-wakes on the other.
type DelegateOrYield struct {
	child   asyncrt.Future[int]
	budget  int
	yielded bool
}

func (d *DelegateOrYield) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if d.budget == 0 && !d.yielded {
		d.yielded = true
		cx.Waker().Wake()
		return asyncrt.Pending[int]()
	}
	d.budget--
	if v, ok := d.child.Poll(cx).Value(); ok {
		return asyncrt.Ready(v)
	}
	return asyncrt.Pending[int]()
}

// Join polls both children; Pending while either is.
type Join struct {
	a, b   asyncrt.Future[int]
	ra, rb *int
}

func (j *Join) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if j.ra == nil {
		if v, ok := j.a.Poll(cx).Value(); ok {
			j.ra = &v
		}
	}
	if j.rb == nil {
		if v, ok := j.b.Poll(cx).Value(); ok {
			j.rb = &v
		}
	}
	if j.ra == nil || j.rb == nil {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(*j.ra + *j.rb)
}

// JoinAll polls children in a loop: one poll instruction stands for many
// children, so it counts as delegation whatever the branches say.
type JoinAll struct {
	children []asyncrt.Future[int]
	done     []bool
	sum      int
}

func (j *JoinAll) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	pending := false
	for i, c := range j.children {
		if j.done[i] {
			continue
		}
		if v, ok := c.Poll(cx).Value(); ok {
			j.done[i] = true
			j.sum += v
		} else {
			pending = true
		}
	}
	if pending {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(j.sum)
}

// Delay polls a runtime timer.
type Delay struct {
	sleep asyncrt.Future[struct{}]
	v     int
}

func (d *Delay) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if d.sleep == nil {
		d.sleep = asyncrt.Sleep(10 * time.Millisecond)
	}
	if !d.sleep.Poll(cx).IsReady() {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(d.v)
}

// Joined polls a JoinHandle.
type Joined struct{ h *asyncrt.JoinHandle[int] }

func (j *Joined) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	r, ok := j.h.Poll(cx).Value()
	if !ok {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(r.Value)
}

// WrappedWaker polls the child with a Context around a waker of its own
// that wakes this task's waker: the child keeps that one, so this task is
// woken.
type WrappedWaker struct {
	child asyncrt.Future[int]
	woke  bool
}

func (w *WrappedWaker) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	outer := cx.Waker()
	inner := asyncrt.NewWaker(func() {
		w.woke = true
		outer.Wake()
	})
	if v, ok := w.child.Poll(asyncrt.NewContext(inner)).Value(); ok {
		return asyncrt.Ready(v)
	}
	return asyncrt.Pending[int]()
}

// PollHelper polls through a helper method returning a Poll.
type PollHelper struct{ child asyncrt.Future[int] }

func (p *PollHelper) pollChild(cx *asyncrt.Context) asyncrt.Poll[int] { return p.child.Poll(cx) }

func (p *PollHelper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if v, ok := p.pollChild(cx).Value(); ok {
		return asyncrt.Ready(v * 2)
	}
	return asyncrt.Pending[int]()
}
