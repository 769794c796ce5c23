package asyncrt

import (
	"math/bits"
	"sync"
	"sync/atomic"
	"time"
)

// The scheduler, in the spirit of Tokio's multi-thread scheduler:
//
//   - each worker runs tasks from, in order: its LIFO slot (the task most
//     recently woken for it, at most maxLIFOStreak times in a row), its local
//     queue, its inbox, the injection queue, and finally other workers'
//     queues, stealing half of a victim's local queue (or its whole inbox);
//   - every globalQueueInterval ticks it looks at the injection queue and the
//     timers first, so neither starves behind a busy local queue;
//   - a worker with nothing to do parks; work pushed where others can take it
//     wakes one parked worker, unless one is already searching (at most half
//     of the workers search at once), and a searcher that finds work wakes
//     the next one: the wake-up chain that avoids a thundering herd;
//   - one parked worker sleeps with a timeout for the next timer.

const (
	globalQueueInterval = 61 // Tokio's event_interval/global_queue_interval
	maxLIFOStreak       = 3  // Tokio's MAX_LIFO_POLLS_PER_TICK
	idBlock             = 256
	histBuckets         = 22
)

type worker struct {
	rt    *Runtime
	index int
	local localQueue
	inbox inbox
	lifo  *header // owner only

	lifoStreak int
	tick       uint32
	rng        uint64
	searching  bool // owner only; mirrored in rt.idle.nSearching
	exiting    bool

	// parked is true from the moment the worker decides to park until it
	// runs again; wakers send tasks to the injection queue meanwhile.
	parked atomic.Bool
	parkCh chan struct{} // one token wakes the worker
	timer  *time.Timer   // timed park for the next timer

	// Guarded by rt.idle.mu.
	inIdleList     bool
	grantSearching bool // the notifier counted this worker as searching

	cx    Context      // reused for every poll
	coros []*coroutine // idle coroutines (see co.go)

	idNext, idEnd uint64

	// pollBegin is the start of the current poll (owner only; spawn times
	// of tasks spawned during the poll); lastEnd/fresh let back-to-back
	// polls share one clock read.
	pollBegin int64
	lastEnd   int64
	fresh     bool

	running *header // owner only: the task being polled

	// The seeded scheduler (seeded.go); owner only.
	seeded    bool
	seedState uint64
	pool      []*header // runnable tasks gathered for a seeded pick

	// For the long-poll monitor: the start of the poll in progress, 0 when
	// not polling. (The monitor finds the task itself, the RUNNING task
	// whose worker is this one, only when it has something to report.)
	pollStart atomic.Int64
	monitored int64 // guarded by diag.monMu: the poll the monitor reported

	// Counters kept by the owner without atomics and added to stats every
	// histFlush polls and when the worker goes idle.
	hist        [histBuckets]uint32
	counts      [numCounts]uint32
	histPending int

	stats workerStats
}

type workerStats struct {
	spawned, completed, aborted, panicked atomic.Uint64
	steals, stealOps, parks               atomic.Uint64
	hist                                  [histBuckets]atomic.Uint64
}

const histFlush = 64

// Indexes of worker.counts.
const (
	countSpawned = iota
	countCompleted
	countPanicked
	countAborted
	numCounts
)

// flushHist publishes the worker's owner-only counters.
func (w *worker) flushHist() {
	for i, c := range w.hist {
		if c != 0 {
			w.stats.hist[i].Add(uint64(c))
			w.hist[i] = 0
		}
	}
	for i, c := range w.counts {
		if c != 0 {
			switch i {
			case countSpawned:
				w.stats.spawned.Add(uint64(c))
			case countCompleted:
				w.stats.completed.Add(uint64(c))
			case countPanicked:
				w.stats.panicked.Add(uint64(c))
			case countAborted:
				w.stats.aborted.Add(uint64(c))
			}
			w.counts[i] = 0
		}
	}
	w.histPending = 0
}

// histBucket maps a poll duration to its histogram bucket: bucket 0 is
// under 1024ns, bucket i under 1024ns<<i, the last one everything longer.
func histBucket(d int64) int {
	if d < 0 {
		d = 0
	}
	b := bits.Len64(uint64(d) >> 10)
	if b >= histBuckets {
		b = histBuckets - 1
	}
	return b
}

func newWorker(rt *Runtime, i int) *worker {
	w := &worker{rt: rt, index: i, parkCh: make(chan struct{}, 1), rng: uint64(i)*0x9E3779B97F4A7C15 + 1}
	w.cx = Context{worker: w, rt: rt}
	return w
}

// run is the worker's goroutine. (onWorker recognizes it by name.)
func (w *worker) run() {
	normal := false
	defer func() {
		if normal {
			return
		}
		if r := recover(); r != nil {
			panic(r) // an internal error: crash with it
		}
		// The task called runtime.Goexit (t.FailNow in a test, say), which
		// unwound this goroutine: fail the task and carry on elsewhere.
		w.goexited()
	}()
	w.loop()
	normal = true
	w.exit()
}

func (w *worker) loop() {
	for {
		t := w.next()
		if t == nil {
			if w.rt.shutdown.Load() {
				return
			}
			w.park()
			continue
		}
		w.runTask(t)
	}
}

func (w *worker) exit() {
	w.exiting = true
	w.flushHist()
	for _, c := range w.coros {
		c.stop()
	}
	w.coros = nil
	if w.timer != nil {
		w.timer.Stop()
	}
	w.rt.workerWG.Done()
}

func (w *worker) goexited() {
	if t := w.running; t != nil {
		w.running = nil
		w.pollStart.Store(0)
		t.impl.fail(&PanicError{Value: "runtime.Goexit called in a task (t.FailNow or t.SkipNow inside an async function?)"})
		w.cx = Context{worker: w, rt: w.rt}
		w.complete(t, outcomePanicked)
	}
	go w.run()
}

// next returns the next task to run, or nil when there is none anywhere.
func (w *worker) next() *header {
	if w.seeded {
		return w.nextSeeded()
	}
	w.tick++
	rt := w.rt
	if w.tick%globalQueueInterval == 0 {
		w.fresh = false
		w.fireTimers()
		if t := rt.inject.popBatch(w.injectBatch(), &w.local); t != nil {
			return t
		}
	}
	if t := w.lifo; t != nil {
		w.lifo = nil
		if w.lifoStreak < maxLIFOStreak {
			w.lifoStreak++
			return t
		}
		w.local.push(t, &rt.inject)
	}
	w.lifoStreak = 0
	if t := w.local.pop(); t != nil {
		return t
	}
	if w.drainInbox(false) {
		return w.local.pop()
	}
	if t := rt.inject.popBatch(w.injectBatch(), &w.local); t != nil {
		return t
	}
	return w.search()
}

// injectBatch is how many tasks to take from the injection queue at once:
// a fair share, as Tokio does.
func (w *worker) injectBatch() int {
	n := w.rt.inject.len()/len(w.rt.workers) + 1
	return min(n, localQueueSize/2)
}

// drainInbox moves the tasks woken for this worker into its queues: with
// toLIFO, the most recently woken one goes to the LIFO slot (bumping the
// previous occupant to the local queue), to run right after the current
// poll; the others, in the order they were woken, to the local queue.
func (w *worker) drainInbox(toLIFO bool) bool {
	top := w.inbox.takeAll()
	if top == nil {
		return false
	}
	newest := top
	top = top.queueNext
	newest.queueNext = nil
	var fifo *header
	for top != nil { // reverse the older ones into FIFO order
		next := top.queueNext
		top.queueNext = fifo
		fifo = top
		top = next
	}
	for fifo != nil {
		next := fifo.queueNext
		fifo.queueNext = nil
		w.local.push(fifo, &w.rt.inject)
		fifo = next
	}
	if toLIFO {
		if w.lifo != nil {
			w.local.push(w.lifo, &w.rt.inject)
		}
		w.lifo = newest
	} else {
		w.local.push(newest, &w.rt.inject)
	}
	if w.local.len() > 0 {
		w.rt.notifyParked()
	}
	return true
}

// pushLocal queues a task spawned or rescheduled by this worker.
func (w *worker) pushLocal(t *header) {
	w.local.push(t, &w.rt.inject)
	w.rt.notifyParked()
}

// search steals work from another worker, if this worker may search.
func (w *worker) search() *header {
	rt := w.rt
	if len(rt.workers) == 1 || !w.transitionToSearching() {
		return nil
	}
	n := len(rt.workers)
	w.rng ^= w.rng << 13
	w.rng ^= w.rng >> 7
	w.rng ^= w.rng << 17
	start := int(w.rng % uint64(n))
	for i := range n {
		v := rt.workers[(start+i)%n]
		if v == w {
			continue
		}
		if t, k := v.local.stealInto(&w.local); t != nil {
			w.stats.stealOps.Add(1)
			w.stats.steals.Add(uint64(k))
			w.transitionFromSearching()
			return t
		}
		if top := v.inbox.takeAll(); top != nil {
			k := 0
			for top != nil {
				next := top.queueNext
				top.queueNext = nil
				w.local.push(top, &rt.inject)
				top = next
				k++
			}
			w.stats.stealOps.Add(1)
			w.stats.steals.Add(uint64(k))
			w.transitionFromSearching()
			return w.local.pop()
		}
	}
	if t := rt.inject.popBatch(w.injectBatch(), &w.local); t != nil {
		w.transitionFromSearching()
		return t
	}
	return nil
}

func (w *worker) transitionToSearching() bool {
	if w.searching {
		return true
	}
	idle := &w.rt.idle
	if 2*int(idle.nSearching.Load()) >= len(w.rt.workers) {
		return false
	}
	idle.nSearching.Add(1)
	w.searching = true
	return true
}

// transitionFromSearching: the last searcher to find work wakes another
// worker, which will search in its turn (the wake-up chain).
func (w *worker) transitionFromSearching() {
	if !w.searching {
		return
	}
	w.searching = false
	if w.rt.idle.nSearching.Add(-1) == 0 {
		w.rt.notifyParked()
	}
}

type outcome uint8

const (
	outcomeOK outcome = iota
	outcomePanicked
	outcomeAborted
)

// runTask polls (or cancels) one task.
func (w *worker) runTask(t *header) {
	action := t.state.transitionToRunning()
	if action == runSkip {
		return
	}
	if w.searching {
		w.transitionFromSearching()
	}
	rt := w.rt
	if t.worker.Load() != w {
		t.worker.Store(w)
	}
	start := w.lastEnd
	if !w.fresh {
		start = rt.mono()
	}
	w.pollBegin = start
	w.running = t
	w.pollStart.Store(start)
	cx := &w.cx
	cx.task = t
	cx.budget = coopBudget

	var done bool
	res := outcomeOK
	if action == runCancel {
		done, res = true, outcomeAborted
		if t.impl.cancel(cx) {
			res = outcomePanicked
		}
	} else {
		var panicked bool
		done, panicked = t.impl.poll(cx)
		if panicked {
			res = outcomePanicked
		}
		if !done {
			switch t.state.transitionToIdle() {
			case idleDone:
				if rt.cfg.lostWakers && t.liveWakers.Load() == 0 {
					// Pending, and not one waker of it exists: the future
					// never even asked for one.
					rt.reportLostWaker(t)
				}
			case idleReschedule:
				w.local.push(t, &rt.inject)
			case idleCancel:
				done, res = true, outcomeAborted
				cx.waker = nil
				if t.impl.cancel(cx) {
					res = outcomePanicked
				}
			}
		}
	}
	cx.task, cx.waker, cx.co = nil, nil, nil

	end := rt.mono()
	w.lastEnd, w.fresh = end, true
	w.pollStart.Store(0)
	w.running = nil
	d := end - start
	w.hist[histBucket(d)]++
	if w.histPending++; w.histPending == histFlush {
		w.flushHist()
	}
	t.polls.Add(1)
	t.busyNanos.Add(d)
	if thr := int64(rt.cfg.longPoll); thr > 0 && d >= thr {
		rt.diag.longPoll(t, time.Duration(d), false, w.monitoredPoll(start))
	}
	if rt.cfg.trace != nil {
		rt.tracePoll(t, w, d, done)
	}
	if done {
		w.complete(t, res)
	}
	w.drainInbox(true)
}

// monitoredPoll reports whether the monitor already reported the poll that
// started at start.
func (w *worker) monitoredPoll(start int64) bool {
	return w.rt.diag.reportedStart(w) == start
}

// complete publishes a task's outcome and wakes its joiner.
func (w *worker) complete(t *header, res outcome) {
	switch res {
	case outcomeOK:
		w.counts[countCompleted]++
	case outcomePanicked:
		w.counts[countPanicked]++
	case outcomeAborted:
		w.counts[countAborted]++
	}
	if w.rt.cfg.trace != nil {
		w.rt.traceComplete(t, res)
	}
	w.rt.finishTask(t, w)
}

// finishTask sets COMPLETE, drops the task from the registry and wakes
// whoever joins it. w is the worker that ran the task (nil for the blocking
// pool).
//
// A joiner woken by a completion on its own worker goes to the back of
// that worker's queue, not to the LIFO slot: a task joining many others
// in turn (a fan-in) then runs once after the queued ones instead of once
// after each, a WaitGroup's batching. The LIFO slot stays for wakes that
// pass a message, where running the receiver next keeps the data hot.
func (rt *Runtime) finishTask(t *header, w *worker) {
	wakeJoiner := t.state.transitionToComplete()
	rt.tasks.remove(t)
	if t.flags&taskNamed != 0 {
		rt.names.Delete(t)
	}
	if wakeJoiner {
		jw := t.joinWaker
		t.joinWaker = nil
		if j := jw.task; j != nil && w != nil && j.worker.Load() == w {
			submit, _ := j.state.transitionToNotified()
			j.wakes.Add(1)
			if submit {
				w.local.push(j, &rt.inject)
			}
		} else {
			jw.Wake()
		}
	}
	if rt.closeState.Load() != rtOpen {
		rt.checkAllDone()
	}
}

func (w *worker) newID() uint64 {
	if w.idNext == w.idEnd {
		end := w.rt.nextID.Add(idBlock)
		w.idNext, w.idEnd = end-idBlock+1, end+1
	}
	id := w.idNext
	w.idNext++
	return id
}

// clockHint is a recent monotonic time without reading the clock: the start
// of the current poll.
func (w *worker) clockHint() int64 { return w.pollBegin }

// fireTimers fires the timers that are due (real clock only: a test clock
// fires its timers when it advances).
func (w *worker) fireTimers() bool {
	rt := w.rt
	if rt.clock != nil {
		return false
	}
	next := rt.timers.next.Load()
	if next == noTimer {
		return false
	}
	now := rt.now()
	if now < next {
		return false
	}
	return rt.timers.fire(now) > 0
}

// idleSet tracks parked and searching workers.
type idleSet struct {
	mu         sync.Mutex
	parked     []*worker
	nParked    atomic.Int32
	nSearching atomic.Int32
	timerOwner atomic.Pointer[worker] // the worker parked with a timeout for the next timer
}

// notifyParked wakes one parked worker to come and take work, unless a
// worker is already searching (it will find the work, and wake the next
// worker when it does).
func (rt *Runtime) notifyParked() {
	idle := &rt.idle
	if idle.nParked.Load() == 0 || idle.nSearching.Load() != 0 {
		return
	}
	idle.mu.Lock()
	if len(idle.parked) == 0 || idle.nSearching.Load() != 0 {
		idle.mu.Unlock()
		return
	}
	w := idle.parked[len(idle.parked)-1]
	idle.parked = idle.parked[:len(idle.parked)-1]
	w.inIdleList = false
	w.grantSearching = true
	idle.nParked.Add(-1)
	idle.nSearching.Add(1)
	idle.mu.Unlock()
	w.token()
}

// unpark wakes w if it is parked.
func (w *worker) unpark() {
	idle := &w.rt.idle
	idle.mu.Lock()
	if !w.inIdleList {
		idle.mu.Unlock()
		return
	}
	idle.removeLocked(w)
	idle.mu.Unlock()
	w.token()
}

func (idle *idleSet) removeLocked(w *worker) {
	for i, p := range idle.parked {
		if p == w {
			idle.parked = append(idle.parked[:i], idle.parked[i+1:]...)
			break
		}
	}
	w.inIdleList = false
	idle.nParked.Add(-1)
}

func (w *worker) token() {
	select {
	case w.parkCh <- struct{}{}:
	default:
	}
}

// park puts the worker to sleep until work arrives. It publishes the worker
// as parked before looking for work one last time, so that whoever pushes
// work after that look sees it parked and wakes it.
func (w *worker) park() {
	rt := w.rt
	idle := &rt.idle
	w.fresh = false
	w.flushHist()
	w.parked.Store(true)
	idle.mu.Lock()
	idle.parked = append(idle.parked, w)
	w.inIdleList = true
	idle.nParked.Add(1)
	idle.mu.Unlock()
	if w.searching {
		w.searching = false
		idle.nSearching.Add(-1)
	}
	if rt.shutdown.Load() || w.hasWork() || w.fireTimers() {
		w.leavePark(false)
		return
	}
	if rt.clock != nil && rt.autoAdvance() {
		w.leavePark(false)
		return
	}
	w.stats.parks.Add(1)
	next := rt.timers.next.Load()
	if rt.clock == nil && next != noTimer && idle.timerOwner.CompareAndSwap(nil, w) {
		d := time.Duration(next - rt.now())
		if w.timer == nil {
			w.timer = time.NewTimer(d)
		} else {
			w.timer.Reset(d)
		}
		select {
		case <-w.parkCh:
			w.timer.Stop()
			idle.timerOwner.Store(nil)
			w.leavePark(true)
		case <-w.timer.C:
			idle.timerOwner.Store(nil)
			w.fireTimers()
			w.leavePark(false)
		}
		return
	}
	<-w.parkCh
	w.leavePark(true)
}

// leavePark undoes park: when the worker was not woken by a token, it
// removes itself from the parked list, or (if a notifier removed it first)
// takes the token that notifier is sending.
func (w *worker) leavePark(woken bool) {
	idle := &w.rt.idle
	idle.mu.Lock()
	popped := !w.inIdleList
	if !popped {
		idle.removeLocked(w)
	}
	grant := w.grantSearching
	w.grantSearching = false
	idle.mu.Unlock()
	if popped && !woken {
		<-w.parkCh
	}
	if grant {
		if w.searching {
			idle.nSearching.Add(-1)
		}
		w.searching = true
	}
	w.parked.Store(false)
}

// hasWork reports whether there is work this worker could take.
func (w *worker) hasWork() bool {
	rt := w.rt
	if w.lifo != nil || w.local.len() > 0 || !w.inbox.empty() || rt.inject.len() > 0 || len(w.pool) > 0 {
		return true
	}
	if rt.idle.nSearching.Load() != 0 {
		return false // a searcher will find what others hold
	}
	for _, v := range rt.workers {
		if v != w && (v.local.len() > 0 || !v.inbox.empty()) {
			return true
		}
	}
	return false
}
