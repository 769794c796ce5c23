package a

import (
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

// ---- streams ----

// Ticks is a stream fed by a producer that wakes the consumer.
type Ticks struct {
	mu    sync.Mutex
	items []int
	done  bool
	w     *asyncrt.Waker
}

func (t *Ticks) push(v int) {
	t.mu.Lock()
	t.items = append(t.items, v)
	w := t.w
	t.w = nil
	t.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

func (t *Ticks) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.items) > 0 {
		v := t.items[0]
		t.items = t.items[1:]
		return asyncrt.Ready(asyncrt.Item(v))
	}
	if t.done {
		return asyncrt.Ready(asyncrt.Done[int]())
	}
	t.w = cx.Waker()
	return asyncrt.Pending[asyncrt.Next[int]]()
}

// Drained forgets to register when the buffer is empty.
type Drained struct {
	mu    sync.Mutex
	items []int
}

func (d *Drained) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.items) == 0 {
		return asyncrt.Pending[asyncrt.Next[int]]() // want `PollNext returns Pending at line \d+ without registering cx.Waker`
	}
	v := d.items[0]
	d.items = d.items[1:]
	return asyncrt.Ready(asyncrt.Item(v))
}

// Filter delegates to its inner stream; when an item is filtered out it
// returns Pending although the inner stream returned Ready.
type Filter struct {
	inner asyncrt.Stream[int]
	keep  func(int) bool
}

func (f *Filter) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	p := f.inner.PollNext(cx)
	n, ok := p.Value()
	if !ok {
		return asyncrt.Pending[asyncrt.Next[int]]()
	}
	if n.OK && !f.keep(n.Value) {
		return asyncrt.Pending[asyncrt.Next[int]]() // want `PollNext returns Pending at line \d+ after the child polled at line \d+ returned Ready`
	}
	return asyncrt.Ready(n)
}

// FilterLoop is the fix: poll the inner stream again until an item is
// kept or it is Pending.
type FilterLoop struct {
	inner asyncrt.Stream[int]
	keep  func(int) bool
}

func (f *FilterLoop) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	for {
		n, ok := f.inner.PollNext(cx).Value()
		if !ok {
			return asyncrt.Pending[asyncrt.Next[int]]()
		}
		if !n.OK || f.keep(n.Value) {
			return asyncrt.Ready(n)
		}
	}
}
