package asyncrt

import (
	"sync"
	"sync/atomic"
	"time"
)

// SpawnBlocking runs fn on the runtime's blocking pool, a bounded set of
// goroutines separate from the workers (tokio::task::spawn_blocking), and
// returns a handle to await its value. Use it for blocking calls (file
// I/O, cgo, a lock held for long, CPU-heavy work) that would otherwise
// stall a worker. fn is not an async function: it must not use a *Co.
//
// At most WithBlockingThreads(n) functions run at once; the others wait in
// a queue. Abort cancels a function that has not started; one that is
// running cannot be stopped and runs to its end.
//
//go:noinline
func SpawnBlocking[T any](s Spawner, fn func() T) *JoinHandle[T] {
	if s == nil {
		panic("asyncrt: SpawnBlocking with a nil Spawner")
	}
	if fn == nil {
		panic("asyncrt: SpawnBlocking called with a nil function")
	}
	rt, w := s.spawnTarget()
	h := &JoinHandle[T]{fut: blockingFn[T](fn)}
	rt.initTask(&h.hdr, h, "", w, spawnSite(siteSpawnBlocking, 2))
	h.hdr.flags |= taskBlocking
	if rt.closeState.Load() != rtOpen {
		rt.refuseTask(&h.hdr)
		return h
	}
	rt.tasks.insert(&h.hdr)
	rt.block.submit(&h.hdr)
	if rt.closeState.Load() != rtOpen {
		h.hdr.abort()
	}
	return h
}

// blockingPool runs blocking tasks on up to max goroutines, started on
// demand and ended after blockingIdle without work.
type blockingPool struct {
	rt       *Runtime
	mu       sync.Mutex
	head     *header
	tail     *header
	queued   int
	threads  int
	idle     int
	max      int
	closed   bool
	wake     chan struct{}
	done     chan struct{}
	wg       sync.WaitGroup
	inflight atomic.Int64 // queued + running: a paused clock does not auto-advance meanwhile
}

func (p *blockingPool) init(rt *Runtime) {
	p.rt = rt
	p.max = rt.cfg.blockingThreads
	p.wake = make(chan struct{}, p.max)
	p.done = make(chan struct{})
}

func (p *blockingPool) submit(t *header) {
	p.inflight.Add(1)
	p.mu.Lock()
	t.queueNext = nil
	if p.tail == nil {
		p.head = t
	} else {
		p.tail.queueNext = t
	}
	p.tail = t
	p.queued++
	switch {
	case p.idle > 0:
		p.idle--
		p.wake <- struct{}{}
	case p.threads < p.max:
		p.threads++
		p.wg.Add(1)
		go p.thread()
	}
	p.mu.Unlock()
}

func (p *blockingPool) thread() {
	defer p.wg.Done()
	timer := time.NewTimer(p.rt.cfg.blockingIdle)
	defer timer.Stop()
	p.mu.Lock()
	for {
		if t := p.head; t != nil {
			p.head = t.queueNext
			if p.head == nil {
				p.tail = nil
			}
			t.queueNext = nil
			p.queued--
			p.mu.Unlock()
			p.run(t)
			p.mu.Lock()
			continue
		}
		if p.closed {
			p.threads--
			p.mu.Unlock()
			return
		}
		p.idle++
		p.mu.Unlock()
		timer.Reset(p.rt.cfg.blockingIdle)
		select {
		case <-p.wake:
			// submit took us off the idle count.
			timer.Stop()
			p.mu.Lock()
		case <-p.done:
			timer.Stop()
			p.mu.Lock()
			p.idle--
		case <-timer.C:
			p.mu.Lock()
			select {
			case <-p.wake: // submit chose us just as we timed out
			default:
				p.idle--
				if p.head == nil {
					p.threads--
					p.mu.Unlock()
					return
				}
			}
		}
	}
}

func (p *blockingPool) run(t *header) {
	res := outcomeOK
	switch t.state.transitionToRunning() {
	case runSkip:
		p.inflight.Add(-1)
		return
	case runCancel:
		res = outcomeAborted
		t.impl.cancel(&Context{waker: noopWaker, budget: -1, rt: p.rt})
	case runPoll:
		start := p.rt.mono()
		if t.impl.runBlocking() {
			res = outcomePanicked
		}
		t.polls.Add(1)
		t.busyNanos.Add(p.rt.mono() - start)
	}
	rt := p.rt
	switch res {
	case outcomeOK:
		rt.outside.completed.Add(1)
	case outcomePanicked:
		rt.outside.panicked.Add(1)
	case outcomeAborted:
		rt.outside.aborted.Add(1)
	}
	if rt.cfg.trace != nil {
		rt.traceComplete(t, res)
	}
	rt.finishTask(t, nil)
	if p.inflight.Add(-1) == 0 && rt.clock != nil {
		// A paused clock may advance now that nothing blocking runs.
		rt.kickIdle()
	}
}

// close ends the pool's threads once their work is done (Close has already
// waited for every task, so the queue is empty).
func (p *blockingPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	close(p.done)
	p.wg.Wait()
}

// counts returns threads, idle threads and queued functions.
func (p *blockingPool) counts() (threads, idle, queued int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.threads, p.idle, p.queued
}

// kickIdle wakes one parked worker (if all are) so it re-evaluates
// auto-advance.
func (rt *Runtime) kickIdle() {
	if int(rt.idle.nParked.Load()) != len(rt.workers) {
		return
	}
	rt.idle.mu.Lock()
	var w *worker
	if n := len(rt.idle.parked); n > 0 {
		w = rt.idle.parked[n-1]
	}
	rt.idle.mu.Unlock()
	if w != nil {
		w.unpark()
	}
}
