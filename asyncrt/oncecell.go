package asyncrt

import "sync/atomic"

// OnceCell holds a value that is set once (tokio::sync::OnceCell): the
// first task to call GetOrInit runs the initializer, an async function
// that may await; tasks that call GetOrInit meanwhile wait (suspended, in
// FIFO order) and then get the same value. If the initializer fails (an
// error from GetOrTryInit, a panic, or its task is cancelled), the next
// waiting task runs its own initializer: a failed or abandoned
// initialization is retried, never left half-done.
//
// The zero OnceCell is empty and ready to use. It must not be copied after
// first use.
type OnceCell[T any] struct {
	set   atomic.Bool
	value T        // written once, before set is stored
	init  batchSem // bias 1: the one permit is the right to initialize; closed once set
}

const onceMisuse = "asyncrt: internal error: OnceCell initialization permit released twice"

// Get returns the value and true if the cell is set.
func (c *OnceCell[T]) Get() (T, bool) {
	if c.set.Load() {
		return c.value, true
	}
	var zero T
	return zero, false
}

// Initialized reports whether the cell is set.
func (c *OnceCell[T]) Initialized() bool { return c.set.Load() }

// Set sets the cell to v if it is empty and no initializer is running, and
// reports whether it did.
func (c *OnceCell[T]) Set(v T) bool {
	if !c.init.tryAcquire(1, 1) {
		return false
	}
	c.publish(v)
	return true
}

// publish stores v and wakes every waiter (closing the semaphore fails
// their acquisitions; they then read the value). Called holding the permit.
func (c *OnceCell[T]) publish(v T) {
	c.value = v
	c.set.Store(true)
	c.init.close()
}

// GetOrInit returns the cell's value, initializing it with init if it is
// empty. It is an await point.
func (c *OnceCell[T]) GetOrInit(co *Co, init func(co *Co) T) T {
	v, _ := c.GetOrTryInit(co, func(co *Co) (T, error) { return init(co), nil })
	return v
}

// GetOrTryInit is GetOrInit with an initializer that may fail: its error is
// returned and the cell stays empty (the next waiter tries its own
// initializer).
func (c *OnceCell[T]) GetOrTryInit(co *Co, init func(co *Co) (T, error)) (T, error) {
	if c.set.Load() {
		return c.value, nil
	}
	if !Await(co, c.permit()) {
		return c.value, nil // closed: set by another
	}
	if c.set.Load() {
		c.init.release(1, 0, onceMisuse)
		return c.value, nil
	}
	published := false
	defer func() {
		if !published { // an error, a panic, or the task unwinding
			c.init.release(1, 0, onceMisuse)
		}
	}()
	v, err := init(co)
	if err != nil {
		return v, err
	}
	c.publish(v)
	published = true
	return v, nil
}

// GetOrInitFuture returns a future of the cell's value: if the cell is
// empty when this future gets its turn, it calls init and awaits the
// future it returns, and sets the cell to its value. Dropping it while
// init's future runs drops that future and lets the next waiter
// initialize.
func (c *OnceCell[T]) GetOrInitFuture(init func() Future[T]) Future[T] {
	return &onceInitFuture[T]{c: c, init: init, a: acquire{s: &c.init, n: 1, bias: 1}}
}

// permit returns a future of the right to initialize: true when granted,
// false when the cell got set meanwhile.
func (c *OnceCell[T]) permit() Future[bool] {
	return &onceFuture{a: acquire{s: &c.init, n: 1, bias: 1}}
}

type onceFuture struct{ a acquire }

func (f *onceFuture) Poll(cx *Context) Poll[bool] {
	switch f.a.poll(cx) {
	case acqGot:
		return Ready(true)
	case acqClosed:
		return Ready(false)
	}
	return Pending[bool]()
}

func (f *onceFuture) Drop() { f.a.drop() }

type onceInitFuture[T any] struct {
	c    *OnceCell[T]
	init func() Future[T]
	a    acquire
	f    Future[T] // init's future, while this future holds the permit
	done bool
}

func (f *onceInitFuture[T]) Poll(cx *Context) Poll[T] {
	if f.done {
		panic("asyncrt: OnceCell future polled after it completed")
	}
	c := f.c
	if f.f == nil {
		if c.set.Load() && f.a.phase == acqIdle {
			f.done = true
			return Ready(c.value)
		}
		switch f.a.poll(cx) {
		case acqPending:
			return Pending[T]()
		case acqClosed:
			f.done = true
			return Ready(c.value)
		}
		if c.set.Load() {
			c.init.release(1, 0, onceMisuse)
			f.done = true
			return Ready(c.value)
		}
		f.f = f.init()
		f.init = nil
	}
	finished := false
	defer func() {
		if !finished { // init's future panicked: let the next waiter try
			f.f, f.done = nil, true
			c.init.release(1, 0, onceMisuse)
		}
	}()
	p := f.f.Poll(cx)
	finished = true
	if !p.ready {
		return Pending[T]()
	}
	f.f, f.done = nil, true
	c.publish(p.value)
	return Ready(p.value)
}

// Drop abandons the wait or the initialization (dropping init's future);
// the next waiter initializes.
func (f *onceInitFuture[T]) Drop() {
	if f.done {
		return
	}
	f.done = true
	if g := f.f; g != nil {
		f.f = nil
		defer f.c.init.release(1, 0, onceMisuse)
		Drop(g)
		return
	}
	f.a.drop()
}
