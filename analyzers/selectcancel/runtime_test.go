package selectcancel_test

import (
	"log/slog"
	"slices"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/selectcancel"
	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/internal/rttest"
)

// TestRuntimeShapes checks that the analyzer reports the Select loop of
// runtime_shapes_test.go that TestSelectLoopLosesValues shows to lose
// values, and not the two that do not.
func TestRuntimeShapes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), selectcancel.Analyzer, "rtshapes")
}

const shapeTimeout = rttest.Timeout

// TestSelectLoopLosesValues runs each loop against the same producer on a
// runtime with a paused clock (time jumps to the next timer when every
// task waits, so the schedule is the same on every run): 1, 2 and 3 at
// once, 4 after 10ms, 5 and 6 after 20ms, while the loop ticks every
// millisecond. The loop that re-makes readPair loses 3 — taken by a
// readPair that the tick then dropped — and 4 the same way; the loop that
// keeps the future, and the one over the cancel-safe RecvFuture, get
// everything.
func TestSelectLoopLosesValues(t *testing.T) {
	all := []int{1, 2, 3, 4, 5, 6}
	cases := []struct {
		name  string
		shape func(*asyncrt.Co, *asyncrt.Receiver[int], int) []int
		lossy bool
	}{
		{"remade", shapeLossy, true},
		{"kept", shapeKept, false},
		{"cancelSafe", shapeCancelSafe, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, tc.shape)
			if !tc.lossy {
				if !slices.Equal(got, all) {
					t.Fatalf("got %v, want every value %v", got, all)
				}
				return
			}
			if slices.Contains(got, 3) || len(got) >= len(all) {
				t.Fatalf("got %v; the loop that re-makes readPair should have lost 3 (and every value a dropped readPair took)", got)
			}
			t.Logf("received %v of %v: the rest was taken by dropped futures", got, all)
		})
	}
}

func run(t *testing.T, shape func(*asyncrt.Co, *asyncrt.Receiver[int], int) []int) []int {
	t.Helper()
	rt := asyncrt.New(asyncrt.CurrentThread(), asyncrt.WithPausedClock(), asyncrt.WithLogger(slog.New(slog.DiscardHandler)))
	defer rt.Close()
	done := make(chan []int, 1)
	go func() {
		done <- asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) []int {
			tx, rx := asyncrt.NewChannel[int](8)
			asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) struct{} {
				for _, v := range []int{1, 2, 3} {
					tx.Send(co, v)
				}
				asyncrt.Await(co, asyncrt.Sleep(10*time.Millisecond))
				tx.Send(co, 4)
				asyncrt.Await(co, asyncrt.Sleep(10*time.Millisecond))
				tx.Send(co, 5)
				tx.Send(co, 6)
				return struct{}{}
			}))
			return shape(co, rx, 40)
		}))
	}()
	select {
	case got := <-done:
		return got
	case <-time.After(shapeTimeout):
		t.Fatalf("the loop did not finish within %v", shapeTimeout)
		return nil
	}
}
