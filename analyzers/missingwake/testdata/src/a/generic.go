package a

import "github.com/asynclint/asynclint/asyncrt"

// ---- generic futures ----

// Map is generic over the child's type, a type parameter.
type Map[T, U any, F asyncrt.Future[T]] struct {
	child F
	f     func(T) U
}

func (m *Map[T, U, F]) Poll(cx *asyncrt.Context) asyncrt.Poll[U] {
	v, ok := m.child.Poll(cx).Value()
	if !ok {
		return asyncrt.Pending[U]()
	}
	return asyncrt.Ready(m.f(v))
}

// Cell is a generic one-shot slot.
type Cell[T any] struct {
	v    *T
	w    *asyncrt.Waker
	took bool
}

func (c *Cell[T]) Set(v T) {
	c.v = &v
	if c.w != nil {
		c.w.Wake()
	}
}

func (c *Cell[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	if c.v != nil {
		return asyncrt.Ready(*c.v)
	}
	c.w = cx.Waker()
	return asyncrt.Pending[T]()
}

// LeakyCell forgets the waker.
type LeakyCell[T any] struct{ v *T }

func (c *LeakyCell[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	if c.v != nil {
		return asyncrt.Ready(*c.v)
	}
	return asyncrt.Pending[T]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// AndThen is generic and returns Pending after its generic child was
// Ready.
type AndThen[T any, F asyncrt.Future[T]] struct {
	child F
	v     T
	got   bool
}

func (a *AndThen[T, F]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	if !a.got {
		if v, ok := a.child.Poll(cx).Value(); ok {
			a.v, a.got = v, true
			return asyncrt.Pending[T]() // want `after the child polled at line \d+ returned Ready`
		}
		return asyncrt.Pending[T]()
	}
	return asyncrt.Ready(a.v)
}

// Either polls a generic child through an interface value.
type Either[T any] struct{ left, right asyncrt.Future[T] }

func (e *Either[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	if v, ok := e.left.Poll(cx).Value(); ok {
		return asyncrt.Ready(v)
	}
	return e.right.Poll(cx)
}
