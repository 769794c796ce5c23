package asyncrt

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Runtime is an executor: a set of workers that poll tasks, a blocking
// pool, a timer driver and the runtime's diagnostics. Create one with New,
// drive a future to completion from synchronous code with BlockOn, and
// Close it when done.
type Runtime struct {
	cfg     config
	workers []*worker
	inject  injectQueue
	idle    idleSet
	tasks   registry
	timers  timerDriver
	block   blockingPool
	clock   *TestClock // nil: the real monotonic clock
	base    time.Time  // runtime-clock zero (real clock)

	nextID     atomic.Uint64
	outside    workerStats // counters of spawns from outside the workers
	closeState atomic.Int32
	allDone    chan struct{} // closed when the last task completes while closing
	doneOnce   sync.Once
	workerWG   sync.WaitGroup
	shutdown   atomic.Bool // workers must exit

	diag  diagnostics
	names sync.Map // *header -> string, for named live tasks
}

const (
	rtOpen int32 = iota
	rtClosing
	rtClosed
)

type config struct {
	workers         int
	blockingThreads int
	blockingIdle    time.Duration
	longPoll        time.Duration
	logger          *slog.Logger
	clock           *TestClock
	lostWakers      bool
	shutdownTimeout time.Duration
	name            string
	seeded          bool         // WithSeed: one worker, seeded scheduling order (seeded.go)
	seed            uint64       // WithSeed
	trace           *slog.Logger // WithTracing; nil: off (trace.go)
}

// Option configures a Runtime.
type Option func(*config)

// WithWorkers sets the number of workers (default runtime.GOMAXPROCS(0)).
func WithWorkers(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("asyncrt: WithWorkers(%d): a runtime needs at least one worker", n))
	}
	return func(c *config) { c.workers = n }
}

// CurrentThread makes a single-worker runtime: every task runs on one
// goroutine, one at a time (Tokio's current_thread flavour). A task that
// blocks stops them all.
func CurrentThread() Option { return func(c *config) { c.workers = 1 } }

// WithBlockingThreads bounds the blocking pool that runs SpawnBlocking
// functions (default 512, Tokio's). Functions beyond the bound wait in a
// queue.
func WithBlockingThreads(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("asyncrt: WithBlockingThreads(%d): the blocking pool needs at least one thread", n))
	}
	return func(c *config) { c.blockingThreads = n }
}

// WithLongPollThreshold sets how long a single poll may hold a worker before
// the long-poll detector reports it (default 10ms; 0 disables the
// detector). Tokio's guidance is 10-100µs between awaits; the default is
// generous so that a GC pause or an OS hiccup is not reported.
func WithLongPollThreshold(d time.Duration) Option {
	if d < 0 {
		panic("asyncrt: WithLongPollThreshold with a negative duration")
	}
	return func(c *config) { c.longPoll = d }
}

// WithLogger sets where the runtime's diagnostics are reported (default
// slog.Default()).
func WithLogger(l *slog.Logger) Option {
	if l == nil {
		panic("asyncrt: WithLogger(nil)")
	}
	return func(c *config) { c.logger = l }
}

// WithTestClock runs the runtime's timers on c instead of the real clock:
// time stands still except when c.Advance is called or, with auto-advance
// on (the default), when every worker is idle and no blocking function is
// running, in which case the clock jumps to the next timer
// (tokio::time::pause). A clock serves one runtime.
func WithTestClock(c *TestClock) Option {
	if c == nil {
		panic("asyncrt: WithTestClock(nil)")
	}
	return func(cf *config) { cf.clock = c }
}

// WithPausedClock is WithTestClock with a new auto-advancing clock starting
// at the Unix epoch; Runtime.TestClock returns it.
func WithPausedClock() Option {
	return func(cf *config) { cf.clock = NewTestClock(time.Unix(0, 0)) }
}

// WithLostWakerDetection turns the lost-waker detector on or off (default
// on). Off saves about 1µs and some memory per task that waits.
func WithLostWakerDetection(on bool) Option { return func(c *config) { c.lostWakers = on } }

// WithShutdownTimeout bounds how long Close waits for polls that are still
// running (a task blocked in a poll cannot be cancelled until it returns).
// Default: wait as long as it takes.
func WithShutdownTimeout(d time.Duration) Option {
	return func(c *config) { c.shutdownTimeout = d }
}

// WithName names the runtime in its diagnostics.
func WithName(name string) Option { return func(c *config) { c.name = name } }

// New starts a runtime: its workers are parked until work arrives.
func New(opts ...Option) *Runtime {
	cfg := config{
		workers:         runtime.GOMAXPROCS(0),
		blockingThreads: 512,
		blockingIdle:    10 * time.Second,
		longPoll:        10 * time.Millisecond,
		lostWakers:      true,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.logger == nil {
		cfg.logger = slog.Default()
	}
	if cfg.seeded {
		cfg.workers = 1
	}
	rt := &Runtime{cfg: cfg, base: time.Now(), allDone: make(chan struct{})}
	if cfg.clock != nil {
		if !cfg.clock.attached.CompareAndSwap(nil, rt) {
			panic("asyncrt: a TestClock serves a single runtime")
		}
		rt.clock = cfg.clock
	}
	rt.timers.init(rt)
	rt.block.init(rt)
	rt.workers = make([]*worker, cfg.workers)
	for i := range rt.workers {
		rt.workers[i] = newWorker(rt, i)
		rt.workers[i].seeded, rt.workers[i].seedState = cfg.seeded, cfg.seed
	}
	rt.workerWG.Add(len(rt.workers))
	for _, w := range rt.workers {
		go w.run()
	}
	rt.diag.start(rt)
	return rt
}

// TestClock returns the runtime's test clock, or nil on the real clock.
func (rt *Runtime) TestClock() *TestClock { return rt.clock }

// Now returns the runtime clock's current time (the test clock's, if any).
func (rt *Runtime) Now() time.Time { return rt.timeAt(rt.now()) }

// now is the runtime clock in nanoseconds since the runtime started.
func (rt *Runtime) now() int64 {
	if rt.clock != nil {
		return rt.clock.offset.Load()
	}
	return int64(time.Since(rt.base))
}

// mono reads the real monotonic clock (for durations of polls, even under a
// test clock).
func (rt *Runtime) mono() int64 { return int64(time.Since(rt.base)) }

func (rt *Runtime) timeAt(ns int64) time.Time {
	if rt.clock != nil {
		return rt.clock.start.Add(time.Duration(ns))
	}
	return rt.base.Add(time.Duration(ns))
}

func (rt *Runtime) checkOpen(what string) {
	if rt == nil {
		panic("asyncrt: " + what + " with a nil *Runtime")
	}
	if rt.closeState.Load() == rtClosed {
		panic("asyncrt: " + what + " on a runtime used after Close")
	}
}

// Close shuts the runtime down gracefully: it cancels every task that has
// not finished (an async function unwinds from the await it waits at, so
// its defers run, on a worker), waits for polls in progress and running
// SpawnBlocking functions to return, and stops every goroutine the runtime
// started. BlockOn calls still waiting panic. After Close the runtime must
// not be used. Close returns an error when WithShutdownTimeout elapses
// first, naming the tasks still running; calling it again returns nil. It
// panics when called from a task or a SpawnBlocking function of the
// runtime, which it would wait for.
func (rt *Runtime) Close() error {
	if !rt.closeState.CompareAndSwap(rtOpen, rtClosing) {
		return nil
	}
	if on := runningOn(); on != onNothing {
		// The calling task would wait for itself.
		rt.closeState.Store(rtOpen)
		panic("asyncrt: Close called from inside a runtime worker or a SpawnBlocking function: it would wait for the task calling it; close the runtime from the code that created it")
	}
	for _, t := range rt.tasks.snapshot() {
		t.abort()
	}
	rt.checkAllDone()
	var err error
	if d := rt.cfg.shutdownTimeout; d > 0 {
		timer := time.NewTimer(d)
		select {
		case <-rt.allDone:
		case <-timer.C:
			err = rt.stuckError(d)
		}
		timer.Stop()
	} else {
		<-rt.allDone
	}
	rt.shutdown.Store(true)
	for _, w := range rt.workers {
		w.unpark()
	}
	if err == nil {
		rt.workerWG.Wait()
		rt.block.close()
	}
	rt.diag.stop()
	rt.closeState.Store(rtClosed)
	return err
}

func (rt *Runtime) stuckError(d time.Duration) error {
	var names []string
	for _, t := range rt.tasks.snapshot() {
		names = append(names, describeTask(t))
	}
	return errors.New("asyncrt: Close timed out after " + d.String() + " waiting for " +
		fmt.Sprint(len(names)) + " task(s) still running (blocked in a poll or a SpawnBlocking function): " +
		strings.Join(names, "; "))
}

// checkAllDone signals Close once no task is left.
func (rt *Runtime) checkAllDone() {
	if rt.closeState.Load() == rtOpen {
		return
	}
	if rt.tasks.len() == 0 {
		rt.doneOnce.Do(func() { close(rt.allDone) })
	}
}

// BlockOn runs f on rt to completion, blocking the calling goroutine, and
// returns its value (Tokio's Runtime::block_on). f runs as a task on a
// worker, so an async function's body may spawn, await and sleep. A panic in
// f is re-raised by BlockOn as a *PanicError.
//
// BlockOn panics when called from inside a runtime worker (from an async
// function or a Poll method): the worker would wait for work that needs a
// worker, the deadlock Tokio refuses with "Cannot start a runtime from
// within a runtime". Await the future instead. It also panics when rt is
// closed, or is closed while BlockOn waits.
//
//go:noinline
func BlockOn[T any](rt *Runtime, f Future[T]) T {
	if onWorker() {
		panic("asyncrt: BlockOn called from inside a runtime worker: it would block the worker until the future completes, which may need this very worker; await the future instead (Await(co, f)), or run the blocking code with SpawnBlocking")
	}
	if f == nil {
		panic("asyncrt: BlockOn called with a nil Future")
	}
	rt.checkOpen("BlockOn")
	h := spawnTask(rt, "asyncrt.BlockOn", f, siteBlockOn)
	done := make(chan struct{}, 1)
	t := &h.hdr
	t.joinWaker = NewWaker(func() { done <- struct{}{} })
	if t.state.setJoinWaker() {
		<-done
	}
	if h.res.Err != nil {
		if pe, ok := h.res.Err.(*PanicError); ok {
			panic(pe)
		}
		panic("asyncrt: BlockOn's future was cancelled: the runtime was closed while BlockOn waited")
	}
	return h.res.Value
}

// Run creates a runtime with the default options, runs f on it with
// BlockOn, closes it and returns f's value: the #[tokio::main] of asyncrt,
// for a program's main function.
func Run[T any](f Future[T]) T {
	if onWorker() {
		panic("asyncrt: Run called from inside a runtime worker: it would block the worker until the future completes; await the future instead")
	}
	rt := New()
	defer rt.Close()
	return BlockOn(rt, f)
}

// onWorker reports whether the calling goroutine is a runtime worker or a
// coroutine running an async function's body (for any runtime). Go has no
// goroutine-local storage, so it looks for the worker loop or the coroutine
// loop at the bottom of the stack. It costs a stack walk (microseconds), so
// it guards only calls that must never happen on a worker.
func onWorker() bool { return runningOn() == onWorkerLoop }

type goroutineKind uint8

const (
	onNothing goroutineKind = iota
	onWorkerLoop
	onBlockingThread
)

// runningOn classifies the calling goroutine by the runtime loop at the
// bottom of its stack.
func runningOn() goroutineKind {
	pcs := make([]uintptr, 64)
	for {
		n := runtime.Callers(1, pcs)
		if n < len(pcs) {
			pcs = pcs[:n]
			break
		}
		pcs = make([]uintptr, 2*len(pcs))
	}
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		switch f.Function {
		case workerLoopName, coroutineLoopName:
			return onWorkerLoop
		case blockingLoopName:
			return onBlockingThread
		}
		if !more {
			return onNothing
		}
	}
}

var (
	pkgPath           = strings.TrimSuffix(funcName(NoopWaker), ".NoopWaker")
	workerLoopName    = pkgPath + ".(*worker).run"
	coroutineLoopName = pkgPath + ".(*coroutine).loop"
	blockingLoopName  = pkgPath + ".(*blockingPool).thread"
)

func funcName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
}
