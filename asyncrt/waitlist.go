package asyncrt

import "sync/atomic"

// The waiter list shared by every synchronization primitive and channel.
//
// It is the Go counterpart of Tokio's intrusive linked list under
// batch_semaphore: each waiting future embeds its own waiter node, so
// queueing allocates nothing, and removing a cancelled waiter is O(1). The
// list is always guarded by its owner's sync.Mutex, held only for a few
// pointer moves inside a poll (never across an await: it is not the kind
// of lock the lockawait check is about). Wakers are collected under the
// lock and woken after it is released (wakeList), so a woken task never
// contends with its waker for the lock.
//
// Fairness and cancellation follow from two rules every owner keeps:
//   - waiters are served from the front (FIFO): the primitive hands what a
//     waiter waits for (permits, a notification) directly to the node, and
//     the node's fired word says so before its waker is woken; a newcomer
//     never overtakes a queued waiter;
//   - a waiting future that is dropped (Drop: a Timeout expired, a Select
//     lost, the task was aborted) removes its node, and gives back whatever
//     was already handed to it, which goes to the next waiter. So a waiter
//     cancelled while being woken never swallows the wakeup.

// waiter is one node of a waitList, embedded in the waiting future.
type waiter struct {
	prev, next *waiter
	waker      *Waker // guarded by the owner's lock
	queued     bool   // in the list; guarded by the owner's lock

	// need and held are the permits still needed and already handed to
	// this waiter (batchSem); guarded by the owner's lock.
	need, held int64
	// fired is what the owner handed to the waiter (a firedX constant),
	// stored before the waker is woken so that a poll can see it without
	// the lock. 0 while waiting.
	fired atomic.Uint32
}

// What a waiter was handed.
const (
	firedNone    uint32 = iota
	firedGranted        // batchSem: all permits needed; Notify: notify_one; Barrier: released
	firedAll            // Notify: notify_waiters
	firedClosed         // the primitive was closed
)

// setWaker keeps cx's waker, unless the one kept already wakes the same
// task. Called under the owner's lock.
func (w *waiter) setWaker(cx *Context) {
	k := cx.Waker()
	if w.waker == nil || !w.waker.WillWake(k) {
		w.waker = k
	}
}

// waitList is an intrusive FIFO list of waiters.
type waitList struct {
	head, tail *waiter
	n          int
}

func (l *waitList) empty() bool { return l.head == nil }

// push appends w at the back.
func (l *waitList) push(w *waiter) {
	w.prev, w.next = l.tail, nil
	if l.tail == nil {
		l.head = w
	} else {
		l.tail.next = w
	}
	l.tail = w
	w.queued = true
	l.n++
}

// remove unlinks w, which must be queued in l.
func (l *waitList) remove(w *waiter) {
	if w.prev == nil {
		l.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		l.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.prev, w.next = nil, nil
	w.queued = false
	l.n--
}

// popFront unlinks and returns the first waiter, or nil.
func (l *waitList) popFront() *waiter {
	w := l.head
	if w != nil {
		l.remove(w)
	}
	return w
}

// fireAll unlinks every waiter, marks it with what and collects its waker.
func (l *waitList) fireAll(what uint32, wl *wakeList) {
	for w := l.popFront(); w != nil; w = l.popFront() {
		w.fired.Store(what)
		wl.add(w.waker)
	}
}

// wakeList collects wakers under a lock to wake them after releasing it.
// The first few live inline, so the common single wake does not allocate.
type wakeList struct {
	inline [4]*Waker
	n      int
	extra  []*Waker
}

func (wl *wakeList) add(w *Waker) {
	if w == nil {
		return
	}
	if wl.n < len(wl.inline) {
		wl.inline[wl.n] = w
		wl.n++
		return
	}
	wl.extra = append(wl.extra, w)
}

// wake wakes every collected waker. Call it with no lock held.
func (wl *wakeList) wake() {
	for i := 0; i < wl.n; i++ {
		wl.inline[i].Wake()
	}
	for _, w := range wl.extra {
		w.Wake()
	}
}
