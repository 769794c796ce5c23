package awaitinblocking_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/awaitinblocking"
	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/internal/rttest"
)

// TestRuntimeShapes checks that the analyzer reports exactly the awaits of
// runtime_shapes_test.go that TestAwaitOnBlockingPoolPanics shows to fail.
func TestRuntimeShapes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), awaitinblocking.Analyzer, "rtshapes")
}

const shapeTimeout = rttest.Timeout

var quiet = rttest.Quiet

// TestAwaitOnBlockingPoolPanics runs each shape as a task on the real
// runtime: the await in the blocking function panics (the spawning
// coroutine is suspended in Join, so its co is not running), and Join
// returns the panic as a *asyncrt.PanicError. A blocking function that runs
// a coroutine of its own works. (Had the blocking function awaited before
// the coroutine suspended, the two would race on the worker's state: the
// shapes wait for the suspension to keep the test deterministic and clean
// under -race.)
func TestAwaitOnBlockingPoolPanics(t *testing.T) {
	cases := []struct {
		name  string
		shape func(*asyncrt.Co, *asyncrt.Runtime) (int, error)
		panic string
	}{
		{"await", shapeAwait, "*Co used while its async function is not running"},
		{"yield", shapeYield, "*Co used while its async function is not running"},
		{"helper", shapeHelper, "*Co used while its async function is not running"},
		{"ownRuntime", shapeOwnRuntime, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// One worker: afterSuspend's task runs only once the shape's
			// task has suspended in Join.
			rt := asyncrt.New(asyncrt.CurrentThread(), quiet)
			defer rt.Close()
			other := asyncrt.New(asyncrt.CurrentThread(), quiet)
			defer other.Close()
			v, err := runBounded(t, rt, func(co *asyncrt.Co) (int, error) { return tc.shape(co, other) })
			if tc.panic == "" {
				if err != nil || v != 1 {
					t.Fatalf("working shape: %d, %v", v, err)
				}
				return
			}
			var pe *asyncrt.PanicError
			if !errors.As(err, &pe) {
				t.Fatalf("Join returned %d, %v; want the blocking function's panic", v, err)
			}
			if msg := fmt.Sprint(pe.Value); !strings.Contains(msg, tc.panic) {
				t.Fatalf("the blocking function panicked with %q, want %q", msg, tc.panic)
			}
		})
	}
}

func runBounded(t *testing.T, rt *asyncrt.Runtime, body func(*asyncrt.Co) (int, error)) (int, error) {
	t.Helper()
	r, p := rttest.BlockOn(t, rt, "the task", func(co *asyncrt.Co) asyncrt.Result[int] {
		v, err := body(co)
		return asyncrt.Result[int]{Value: v, Err: err}
	})
	if p != nil {
		t.Fatalf("the task panicked: %v", p)
	}
	return r.Get()
}
