package asyncrt

import (
	"sync"
	"sync/atomic"
)

// Run queues. Each worker owns a fixed-size local queue (Tokio's
// queue::Local): only the owner pushes, the owner and stealers pop from the
// head with a CAS. An inbox (a lock-free stack) receives tasks woken for the
// worker by other goroutines. The runtime-wide injection queue takes tasks
// spawned or woken from outside the workers and the overflow of full local
// queues.

const localQueueSize = 256 // a power of two

// localQueue is a bounded single-producer, multi-consumer ring.
type localQueue struct {
	head  atomic.Uint32 // next slot to pop; advanced by CAS (owner or stealer)
	_     [60]byte      // keep the owner's tail off the stealers' cache line
	tail  atomic.Uint32 // next slot to push; written by the owner only
	slots [localQueueSize]atomic.Pointer[header]
}

func (q *localQueue) len() int {
	return int(q.tail.Load() - q.head.Load())
}

// push appends t; on a full queue it moves half of the queue plus t to the
// injection queue (Tokio's push_overflow). Owner only.
func (q *localQueue) push(t *header, inject *injectQueue) {
	for {
		head := q.head.Load()
		tail := q.tail.Load()
		if tail-head < localQueueSize {
			q.slots[tail%localQueueSize].Store(t)
			q.tail.Store(tail + 1)
			return
		}
		if q.pushOverflow(t, head, inject) {
			return
		}
	}
}

// pushOverflow claims the older half of a full queue (racing stealers) and
// moves it, then t, to the injection queue in one batch.
func (q *localQueue) pushOverflow(t *header, head uint32, inject *injectQueue) bool {
	const half = localQueueSize / 2
	var batch [half]*header
	for i := range uint32(half) {
		batch[i] = q.slots[(head+i)%localQueueSize].Load()
	}
	if !q.head.CompareAndSwap(head, head+half) {
		return false // a stealer took some: there is room now
	}
	var first, last *header
	for _, b := range batch {
		if first == nil {
			first = b
		} else {
			last.queueNext = b
		}
		last = b
	}
	last.queueNext = t
	t.queueNext = nil
	inject.pushBatch(first, t, half+1)
	return true
}

// pop takes the oldest task. Owner only (stealers use stealInto).
func (q *localQueue) pop() *header {
	for {
		head := q.head.Load()
		if head == q.tail.Load() {
			return nil
		}
		t := q.slots[head%localQueueSize].Load()
		if q.head.CompareAndSwap(head, head+1) {
			return t
		}
	}
}

// stealInto moves half of q's tasks into dst (owned by the caller) and
// returns one of them to run now, or nil when q is empty. Slots are read
// before the CAS that claims them: the CAS succeeding proves the owner had
// not reused them, since it only overwrites slots behind the head.
func (q *localQueue) stealInto(dst *localQueue) (*header, int) {
	var buf [localQueueSize / 2]*header
	for {
		head := q.head.Load()
		tail := q.tail.Load()
		n := tail - head
		if n == 0 || n > localQueueSize {
			if n == 0 {
				return nil, 0
			}
			continue // torn read of head and tail: retry
		}
		n -= n / 2
		for i := range n {
			buf[i] = q.slots[(head+i)%localQueueSize].Load()
		}
		if !q.head.CompareAndSwap(head, head+n) {
			continue
		}
		// dst is empty or nearly so (its owner is searching): no overflow.
		dtail := dst.tail.Load()
		for i := uint32(1); i < n; i++ {
			dst.slots[(dtail+i-1)%localQueueSize].Store(buf[i])
		}
		dst.tail.Store(dtail + n - 1)
		return buf[0], int(n)
	}
}

// injectQueue is the runtime-wide FIFO of tasks that belong to no worker:
// an intrusive list under a mutex, with an atomic length for a lock-free
// emptiness check.
type injectQueue struct {
	mu         sync.Mutex
	head, tail *header
	n          atomic.Int64
}

func (q *injectQueue) len() int { return int(q.n.Load()) }

func (q *injectQueue) push(t *header) {
	t.queueNext = nil
	q.mu.Lock()
	if q.tail == nil {
		q.head = t
	} else {
		q.tail.queueNext = t
	}
	q.tail = t
	q.n.Add(1)
	q.mu.Unlock()
}

func (q *injectQueue) pushBatch(first, last *header, n int) {
	q.mu.Lock()
	if q.tail == nil {
		q.head = first
	} else {
		q.tail.queueNext = first
	}
	q.tail = last
	q.n.Add(int64(n))
	q.mu.Unlock()
}

// popBatch takes up to max tasks: the first is returned to run, the rest
// pushed to the caller's local queue (never more than it has room for).
func (q *injectQueue) popBatch(max int, dst *localQueue) *header {
	if q.n.Load() == 0 {
		return nil
	}
	if room := localQueueSize - dst.len(); max > room+1 {
		max = room + 1
	}
	q.mu.Lock()
	t := q.head
	if t == nil {
		q.mu.Unlock()
		return nil
	}
	n := 1
	last := t
	for n < max && last.queueNext != nil {
		last = last.queueNext
		n++
	}
	q.head = last.queueNext
	if q.head == nil {
		q.tail = nil
	}
	q.n.Add(int64(-n))
	q.mu.Unlock()
	last.queueNext = nil
	rest := t.queueNext
	t.queueNext = nil
	if rest != nil {
		tail := dst.tail.Load()
		for rest != nil {
			next := rest.queueNext
			rest.queueNext = nil
			dst.slots[tail%localQueueSize].Store(rest)
			tail++
			rest = next
		}
		dst.tail.Store(tail)
	}
	return t
}

// popAll takes every task (for shutdown).
func (q *injectQueue) popAll() *header {
	q.mu.Lock()
	t := q.head
	q.head, q.tail = nil, nil
	q.n.Store(0)
	q.mu.Unlock()
	return t
}

// inbox is a lock-free stack of tasks woken for one worker by other
// goroutines. Any goroutine pushes; consumers take the whole stack at once
// (the owner after each poll, a stealer when searching), which makes it
// immune to ABA.
type inbox struct {
	top atomic.Pointer[header]
}

func (b *inbox) push(t *header) {
	for {
		old := b.top.Load()
		t.queueNext = old
		if b.top.CompareAndSwap(old, t) {
			return
		}
	}
}

func (b *inbox) empty() bool { return b.top.Load() == nil }

// takeAll returns the stacked tasks, most recently pushed first.
func (b *inbox) takeAll() *header {
	if b.top.Load() == nil {
		return nil
	}
	return b.top.Swap(nil)
}
