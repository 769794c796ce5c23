package asynctest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// recorder captures what Check reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// lostUpdate is the planted bug: an unsynchronized read-yield-write of a
// shared counter by two tasks loses an update in some interleavings only.
func lostUpdate(co *asyncrt.Co) error {
	counter := 0
	var hs []*asyncrt.JoinHandle[struct{}]
	for range 2 {
		hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) struct{} {
			v := counter
			asyncrt.Yield(co)
			counter = v + 1
			return struct{}{}
		})))
	}
	for _, h := range hs {
		h.Join(co)
	}
	if counter != 2 {
		return fmt.Errorf("counter = %d, want 2", counter)
	}
	return nil
}

func TestCheckFindsAndReplaysTheFailingSeed(t *testing.T) {
	rec := &recorder{TB: t}
	Check(rec, lostUpdate, Seeds(50))
	if len(rec.errs) != 1 {
		t.Fatalf("Check reported %d failures, want the first failing seed: %q", len(rec.errs), rec.errs)
	}
	var seed uint64
	if _, err := fmt.Sscanf(rec.errs[0], "asynctest: seed %d failed", &seed); err != nil {
		t.Fatalf("report without a seed: %q", rec.errs[0])
	}
	if !strings.Contains(rec.errs[0], "counter = 1") || !strings.Contains(rec.errs[0], fmt.Sprintf("ASYNCRT_SEED=%d go test -run '^TestCheckFindsAndReplaysTheFailingSeed$'", seed)) {
		t.Fatalf("report: %q", rec.errs[0])
	}
	for range 3 {
		if err := Run(seed, lostUpdate); err == nil {
			t.Fatalf("seed %d does not replay the failure", seed)
		}
	}
	// The environment variable restricts Check to that seed.
	t.Setenv(SeedEnv, fmt.Sprint(seed))
	rec2 := &recorder{TB: t}
	Check(rec2, lostUpdate)
	if len(rec2.errs) != 1 {
		t.Fatalf("%s=%d: %d failures", SeedEnv, seed, len(rec2.errs))
	}
}

func TestCheckKeepGoingAndPassing(t *testing.T) {
	rec := &recorder{TB: t}
	Check(rec, lostUpdate, Seeds(40), KeepGoing())
	if len(rec.errs) < 2 || len(rec.errs) == 40 {
		t.Fatalf("KeepGoing over 40 seeds reported %d failures; the bug shows under some seeds only", len(rec.errs))
	}
	// A correct body passes under every seed, and sleeping costs no real time.
	start := time.Now()
	Check(t, func(co *asyncrt.Co) error {
		h := asyncrt.Spawn(co, asyncrt.Sleep(time.Hour))
		_, err := h.Join(co)
		return err
	}, Seeds(20))
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("20 seeds of an hour-long sleep took %v", d)
	}
}

func TestRunReportsDeadlockPanicAndTimeout(t *testing.T) {
	err := Run(1, func(co *asyncrt.Co) error {
		h := asyncrt.SpawnNamed(co, "stuck", asyncrt.Never[int]())
		_, err := h.Join(co)
		return err
	})
	if !errors.Is(err, ErrDeadlock) || !strings.Contains(err.Error(), "stuck") {
		t.Fatalf("deadlock: %v", err)
	}
	err = Run(1, func(co *asyncrt.Co) error { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "panic: boom") {
		t.Fatalf("panic: %v", err)
	}
	err = Run(1, func(co *asyncrt.Co) error {
		for {
			asyncrt.Yield(co) // always runnable: never idle, never done
		}
	}, Timeout(200*time.Millisecond))
	if err == nil || !strings.Contains(err.Error(), "did not finish within") {
		t.Fatalf("timeout: %v", err)
	}
}

// Run replays one seed: the body returns an error when an invariant
// breaks (Check runs it under many seeds and reports the failing one).
func ExampleRun() {
	err := Run(7, func(co *asyncrt.Co) error {
		tok := asyncrt.NewCancellationToken()
		h := asyncrt.Spawn(co, asyncrt.WithCancel(tok, asyncrt.Never[int]()))
		tok.Cancel()
		r, _ := h.Join(co)
		if !errors.Is(r.Err, asyncrt.ErrCancelled) {
			return fmt.Errorf("got %v", r.Err)
		}
		return nil
	})
	fmt.Println(err)
	// Output: <nil>
}
