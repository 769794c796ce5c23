// Package asynctest runs async test bodies on asyncrt's deterministic
// runtime under many scheduling orders, and reports the seed of a failing
// order so that it can be replayed: what loom and turmoil give Tokio users,
// for the interleavings a single-threaded executor can produce.
//
//	func TestTransfer(t *testing.T) {
//		asynctest.Check(t, func(co *asyncrt.Co) error {
//			// spawn tasks, await them, return an error if an invariant broke
//		})
//	}
//
// Each seed runs the body as the root task of a fresh runtime made with
// asyncrt.WithSeed(seed) (one worker polling the runnable tasks in an order
// drawn from the seed) and asyncrt.WithPausedClock() (timers fire in
// deadline order, and time jumps when every task waits, so Sleep costs
// nothing). The same seed replays the same interleaving. A failure is
// reported as
//
//	asynctest: seed 17 failed: <the error>
//	    replay it alone: ASYNCRT_SEED=17 go test -run '^TestTransfer$'
//
// The body fails by returning an error or panicking; a deadlock (the root
// task has not finished and nothing in the runtime can make progress) and a
// body that runs longer than the timeout fail too, with a dump of the live
// tasks.
//
// What is not explored: interleavings inside one poll (a task owns its
// worker between awaits, so there are none), parallelism between workers
// (data races are the race detector's job), wakes from goroutines outside
// the runtime and SpawnBlocking functions (they run in real time, so a body
// using them is not replayed exactly).
package asynctest

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// SeedEnv is the environment variable that restricts Check to one seed:
// ASYNCRT_SEED=17 go test -run TestX replays seed 17 only.
const SeedEnv = "ASYNCRT_SEED"

type config struct {
	seeds     int
	first     uint64
	timeout   time.Duration
	keepGoing bool
	rtOpts    []asyncrt.Option
}

// Option configures Check and Run.
type Option func(*config)

// Seeds sets how many seeds Check tries (default 100).
func Seeds(n int) Option {
	if n < 1 {
		panic("asynctest: Seeds(n) with n < 1")
	}
	return func(c *config) { c.seeds = n }
}

// FirstSeed sets the first seed Check tries (default 0); it tries
// FirstSeed, FirstSeed+1, ...
func FirstSeed(s uint64) Option { return func(c *config) { c.first = s } }

// Timeout bounds, in real time, how long one seed may run (default 10s).
// With the paused clock, sleeping costs no real time: a body that needs
// more is stuck in a busy loop or waits for something outside the runtime.
func Timeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// KeepGoing makes Check try every seed and report each failing one, instead
// of stopping at the first.
func KeepGoing() Option { return func(c *config) { c.keepGoing = true } }

// RuntimeOptions adds options to each runtime (after WithSeed and
// WithPausedClock), e.g. asyncrt.WithLogger to see the diagnostics, which
// are discarded by default, or asyncrt.WithTracing.
func RuntimeOptions(opts ...asyncrt.Option) Option {
	return func(c *config) { c.rtOpts = append(c.rtOpts, opts...) }
}

func newConfig(opts []Option) config {
	c := config{seeds: 100, timeout: 10 * time.Second}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Check runs body under Seeds seeds (or only the one in $ASYNCRT_SEED) and
// reports each failure through t.Errorf with its seed and the command that
// replays it. It stops at the first failing seed unless KeepGoing.
func Check(t testing.TB, body func(co *asyncrt.Co) error, opts ...Option) {
	t.Helper()
	cfg := newConfig(opts)
	seeds := make([]uint64, 0, cfg.seeds)
	if env := os.Getenv(SeedEnv); env != "" {
		s, err := strconv.ParseUint(env, 10, 64)
		if err != nil {
			t.Fatalf("asynctest: %s=%q is not a seed: %v", SeedEnv, env, err)
		}
		seeds = append(seeds, s)
	} else {
		for i := range cfg.seeds {
			seeds = append(seeds, cfg.first+uint64(i))
		}
	}
	for _, s := range seeds {
		if err := run(s, body, cfg); err != nil {
			t.Errorf("asynctest: seed %d failed: %v\n    replay it alone: %s=%d go test -run '^%s$'",
				s, err, SeedEnv, s, strings.ReplaceAll(t.Name(), "/", "$/^"))
			if !cfg.keepGoing {
				return
			}
		}
	}
}

// Run runs body once under seed and returns its error, or an error
// describing its panic, a deadlock, or a timeout. Check calls it for each
// seed; call it directly to replay one seed in a debugger.
func Run(seed uint64, body func(co *asyncrt.Co) error, opts ...Option) error {
	return run(seed, body, newConfig(opts))
}

// ErrDeadlock is wrapped by the error of a seed whose root task could no
// longer make progress.
var ErrDeadlock = errors.New("deadlock: the body has not finished and no task can make progress")

func run(seed uint64, body func(co *asyncrt.Co) error, cfg config) (err error) {
	if body == nil {
		panic("asynctest: nil body")
	}
	opts := append([]asyncrt.Option{
		asyncrt.WithSeed(seed),
		asyncrt.WithPausedClock(),
		asyncrt.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		asyncrt.WithShutdownTimeout(5 * time.Second),
	}, cfg.rtOpts...)
	rt := asyncrt.New(opts...)
	defer func() {
		if cerr := rt.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()

	var rootDone atomic.Bool
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				if pe, ok := r.(*asyncrt.PanicError); ok {
					done <- fmt.Errorf("panic: %v\n%s", pe.Value, pe.Stack)
					return
				}
				done <- fmt.Errorf("%v", r) // the runtime was closed meanwhile
			}
		}()
		done <- asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) error {
			defer rootDone.Store(true)
			return body(co)
		}))
	}()

	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(cfg.timeout)
	defer deadline.Stop()
	idleTicks, lastPolls := 0, uint64(0)
	for {
		select {
		case err := <-done:
			return err
		case <-deadline.C:
			dump := describe(rt)
			rt.Close()
			<-done
			return fmt.Errorf("did not finish within %v of real time (a busy loop, or a wait for something outside the runtime?); live tasks:\n%s", cfg.timeout, dump)
		case <-tick.C:
			// Idle on three ticks in a row with no poll in between: nothing
			// inside the runtime will ever run again.
			polls := rt.Metrics().Polls
			if !rootDone.Load() && rt.Idle() && (idleTicks == 0 || polls == lastPolls) {
				idleTicks++
			} else {
				idleTicks = 0
			}
			lastPolls = polls
			if idleTicks >= 3 {
				dump := describe(rt)
				rt.Close()
				<-done
				return fmt.Errorf("%w; live tasks:\n%s", ErrDeadlock, dump)
			}
		}
	}
}

func describe(rt *asyncrt.Runtime) string {
	var b strings.Builder
	for _, ti := range rt.TaskDump() {
		name := ti.Name
		if name == "" {
			name = "unnamed"
		}
		fmt.Fprintf(&b, "\ttask %d (%s) %s, spawned at %s, %d polls\n", ti.ID, name, ti.State, ti.Location(), ti.Polls)
	}
	return b.String()
}
