package asyncrt

import "sync"

// Notify wakes tasks waiting for an event (tokio::sync::Notify). It carries
// no data: it is the building block for a hand-made condition ("wait until
// the queue is not empty") when the state lives elsewhere.
//
// NotifyOne wakes the task that has waited longest; if none waits, it
// stores a permit (at most one) that the next Notified consumes at once, so
// a notification sent just before a task starts waiting is not lost.
// NotifyWaiters wakes every task waiting now, and every Notified future
// created before the call even if it was not polled yet; it stores no
// permit.
//
// A waiter cancelled after NotifyOne chose it, before it observed the
// notification, passes the notification on to the next waiter (or stores
// it as the permit): NotifyOne is never lost to a cancelled waiter.
//
// The usual pattern checks the condition, then waits, with the Notified
// future created before the check so that a NotifyWaiters between the
// check and the wait is seen:
//
//	for {
//		f := n.Notified()
//		if ready() {
//			break
//		}
//		asyncrt.Await(co, f)
//	}
//
// The zero Notify is ready to use. It must not be copied after first use.
type Notify struct {
	mu      sync.Mutex
	permit  bool
	gen     uint64 // NotifyWaiters calls so far
	waiters waitList
}

// Notified returns a future that is ready when this Notify is notified:
// by a stored permit, a NotifyOne, or a NotifyWaiters made after this call.
// Dropping it before it is ready (Drop, Timeout, a lost select) passes a
// NotifyOne it had received to the next waiter.
func (n *Notify) Notified() Future[struct{}] {
	n.mu.Lock()
	g := n.gen
	n.mu.Unlock()
	return &notifiedFuture{n: n, gen: g}
}

// Wait waits until the Notify is notified (a stored permit counts). It is
// an await point.
func (n *Notify) Wait(co *Co) { Await(co, n.Notified()) }

// NotifyOne wakes the longest-waiting task, or stores a permit for the
// next one if none waits.
func (n *Notify) NotifyOne() {
	n.mu.Lock()
	w := n.notifyOneLocked()
	n.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

// notifyOneLocked hands the notification to the first waiter (returning
// its waker) or stores the permit.
func (n *Notify) notifyOneLocked() *Waker {
	w := n.waiters.popFront()
	if w == nil {
		n.permit = true
		return nil
	}
	w.fired.Store(firedGranted)
	return w.waker
}

// NotifyWaiters wakes every task waiting now (and completes every Notified
// future created before the call). It stores no permit.
func (n *Notify) NotifyWaiters() {
	var wl wakeList
	n.mu.Lock()
	n.gen++
	n.waiters.fireAll(firedAll, &wl)
	n.mu.Unlock()
	wl.wake()
}

type notifiedFuture struct {
	n       *Notify
	gen     uint64
	w       waiter
	waiting bool
	done    bool
}

func (f *notifiedFuture) Poll(cx *Context) Poll[struct{}] {
	if f.done {
		panic("asyncrt: Notified future polled after it completed")
	}
	if f.waiting && f.w.fired.Load() != firedNone {
		f.waiting, f.done = false, true
		return Ready(struct{}{})
	}
	n := f.n
	n.mu.Lock()
	switch {
	case f.waiting && f.w.fired.Load() != firedNone:
		f.waiting, f.done = false, true
	case f.waiting:
		f.w.setWaker(cx)
	case n.gen != f.gen:
		f.done = true // a NotifyWaiters after this future was created
	case n.permit:
		n.permit = false
		f.done = true
	default:
		f.w.fired.Store(firedNone)
		f.w.waker = cx.Waker()
		n.waiters.push(&f.w)
		f.waiting = true
	}
	n.mu.Unlock()
	if f.done {
		return Ready(struct{}{})
	}
	return Pending[struct{}]()
}

// Drop leaves the queue; a NotifyOne already handed to this future goes to
// the next waiter, or back to the stored permit.
func (f *notifiedFuture) Drop() {
	if !f.waiting {
		f.done = true
		return
	}
	f.waiting, f.done = false, true
	n := f.n
	var next *Waker
	n.mu.Lock()
	if f.w.queued {
		n.waiters.remove(&f.w)
	} else if f.w.fired.Load() == firedGranted {
		next = n.notifyOneLocked()
	}
	n.mu.Unlock()
	if next != nil {
		next.Wake()
	}
}
