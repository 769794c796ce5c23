package droppedfuture_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/droppedfuture"
	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/internal/rttest"
)

// TestRuntimeShapes checks that the analyzer reports every dropped future
// of runtime_shapes_test.go, which TestDroppedFuturesNeverRun runs.
func TestRuntimeShapes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), droppedfuture.Analyzer, "rtshapes")
}

// shapeTimeout bounds each shape's run. A shape that awaited a future it is
// supposed to drop (an hour's sleep, say) would hit it.
const shapeTimeout = rttest.Timeout

// TestDroppedFuturesNeverRun runs each shape on the real runtime and checks
// that the futures the check reports were created and never ran, while the
// futures the shape does await ran: what the check reports is real.
func TestDroppedFuturesNeverRun(t *testing.T) {
	cases := []struct {
		name  string
		shape func(*asyncrt.Co, *probe)
		// dropped were created and must never run; ran must have run.
		dropped, ran []string
	}{
		{"exprStmt", shapeExprStmt, []string{"dropped"}, nil},
		{"asyncLiteral", shapeAsyncLiteral, []string{"dropped"}, nil},
		{"sleep", shapeSleep, nil, []string{"after sleep"}},
		{"tick", shapeTick, nil, []string{"tick"}},
		{"blank", shapeBlank, []string{"dropped"}, nil},
		{"tupleBlank", shapeTupleBlank, []string{"dropped"}, nil},
		{"methodValue", shapeMethodValue, []string{"dropped"}, nil},
		{"go", shapeGo, []string{"dropped"}, nil},
		{"userType", shapeUserType, []string{"dropped"}, nil},
		{"userValue", shapeUserValue, []string{"dropped"}, nil},
		{"overwritten", shapeOverwritten, []string{"first"}, []string{"second"}},
		{"viaInterface", shapeViaInterface, []string{"dropped"}, nil},
		{"nested", shapeNested, []string{"dropped"}, nil},
		{"oneBranch", shapeOneBranch, []string{"dropped"}, nil},
		{"reassigned", shapeReassigned, []string{"first"}, []string{"second"}},
		{"switch", shapeSwitch, []string{"dropped"}, nil},
		{"lastOnly", shapeLastOnly, []string{"first", "second"}, []string{"last"}},
		{"skipped", shapeSkipped, []string{"dropped"}, []string{"kept"}},
		{"prevReplaced", shapePrevReplaced, []string{"dropped"}, []string{"x", "last"}},
		{"capturedUnused", shapeCapturedUnused, []string{"dropped"}, nil},
		{"capturedOverwritten", shapeCapturedOverwritten, []string{"first"}, []string{"second"}},
		{"boundNeverCalled", shapeBoundNeverCalled, []string{"dropped"}, nil},
		{"insideLiteral", shapeInsideLiteral, []string{"dropped"}, []string{"spawned"}},
		{"typeParam", shapeTypeParam, []string{"dropped"}, nil},
		{"genericCall", shapeGenericCall, []string{"dropped"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newProbe()
			rt := asyncrt.New(asyncrt.WithWorkers(2))
			runBounded(t, rt, func(co *asyncrt.Co) {
				tc.shape(co, p)
				// A control future awaited after the shape: the runtime
				// does run the futures it is given.
				asyncrt.Await(co, p.job("control"))
			})
			closeBounded(t, rt)
			// The go statement creates its future on its own goroutine:
			// wait until it has (or the check below fails).
			for _, name := range tc.dropped {
				waitFor(t, func() bool { return p.count(p.made, name) > 0 }, "future %q to be created", name)
			}
			for _, name := range append([]string{"control"}, tc.ran...) {
				if p.count(p.ran, name) == 0 {
					t.Errorf("future %q never ran; the shape should have awaited it", name)
				}
			}
			for _, name := range tc.dropped {
				if n := p.count(p.ran, name); n != 0 {
					t.Errorf("dropped future %q ran %d times; a dropped future should never run", name, n)
				}
			}
		})
	}
}

// TestDroppedJoinHandleLosesError shows what the JoinHandle[error] report
// is about: the task runs (spawning is not lazy), but the error it returns
// surfaces nowhere — not from Close, not in the runtime's log.
func TestDroppedJoinHandleLosesError(t *testing.T) {
	var logs syncBuffer
	p := newProbe()
	rt := asyncrt.New(asyncrt.WithWorkers(2), asyncrt.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	runBounded(t, rt, func(co *asyncrt.Co) {
		shapeHandleError(co, p)
	})
	waitFor(t, func() bool { return p.count(p.ran, "task") > 0 }, "the detached task to run")
	if err := closeBounded(t, rt); err != nil {
		t.Errorf("Close returned %v; the check's message says the task's error is lost", err)
	}
	if strings.Contains(logs.String(), errTask.Error()) {
		t.Errorf("the runtime logged the task's error; the check's message says it is lost:\n%s", logs.String())
	}
}

// runBounded runs body as an async function on rt and fails the test if it
// does not finish within shapeTimeout.
func runBounded(t *testing.T, rt *asyncrt.Runtime, body func(co *asyncrt.Co)) {
	t.Helper()
	_, p := rttest.BlockOn(t, rt, "shape (something awaited a future the shape drops)", func(co *asyncrt.Co) struct{} {
		body(co)
		return struct{}{}
	})
	if p != nil {
		t.Fatalf("shape panicked: %v", p)
	}
}

func closeBounded(t *testing.T, rt *asyncrt.Runtime) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- rt.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(shapeTimeout):
		t.Fatalf("runtime did not close within %v", shapeTimeout)
		return nil
	}
}

func waitFor(t *testing.T, cond func() bool, what string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(shapeTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for "+what, args...)
		}
		time.Sleep(time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer safe for the runtime's concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
