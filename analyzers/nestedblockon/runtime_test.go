package nestedblockon_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/nestedblockon"
	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/internal/rttest"
)

// TestRuntimeShapes checks that the analyzer reports exactly the shapes of
// runtime_shapes_test.go that TestNestedRuntimePanics shows to panic.
func TestRuntimeShapes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), nestedblockon.Analyzer, "rtshapes")
}

// shapeTimeout bounds each shape. A nested runtime that deadlocked instead
// of panicking would hit it.
const shapeTimeout = rttest.Timeout

var quiet = rttest.Quiet

// TestNestedRuntimePanics runs each shape as a task on the real runtime,
// with one worker and with several, and shows what the check's message
// says: entering a runtime from a task panics at once with the runtime's
// refusal (it does not deadlock: every shape finishes well within the
// timeout), the task fails with a *asyncrt.PanicError, and the same code on
// the blocking pool or on a goroutine works.
func TestNestedRuntimePanics(t *testing.T) {
	cases := []struct {
		name  string
		shape func(*asyncrt.Co, *env) int
		panic string // "" when the shape must work and return 1
	}{
		{"BlockOnSameRuntime", shapeBlockOnSame, "BlockOn called from inside a runtime worker"},
		{"BlockOnOtherRuntime", shapeBlockOnOther, "BlockOn called from inside a runtime worker"},
		{"Run", shapeRun, "Run called from inside a runtime worker"},
		{"Close", shapeClose, "Close called from inside a runtime worker"},
		{"Helper", shapeHelper, "BlockOn called from inside a runtime worker"},
		{"Poll", shapePoll, "BlockOn called from inside a runtime worker"},
		{"Inline", shapeInline, "Run called from inside a runtime worker"},
		{"SpawnBlocking", shapeSpawnBlocking, ""},
		{"Goroutine", shapeGoroutine, ""},
		{"Await", shapeAwait, ""},
	}
	for _, workers := range []int{1, 4} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/workers=%d", tc.name, workers), func(t *testing.T) {
				e := &env{rt: asyncrt.New(asyncrt.WithWorkers(workers), quiet), other: asyncrt.New(asyncrt.WithWorkers(1), quiet)}
				defer e.other.Close()
				defer e.rt.Close()
				start := time.Now()
				v, panicked := runBounded(t, e.rt, func(co *asyncrt.Co) int { return tc.shape(co, e) })
				if tc.panic == "" {
					if panicked != nil {
						t.Fatalf("shape panicked: %v", panicked)
					}
					want := 1
					if tc.name == "SpawnBlocking" {
						want = 2 // lookup adds one
					}
					if v != want {
						t.Fatalf("shape returned %d, want %d", v, want)
					}
					return
				}
				pe, ok := panicked.(*asyncrt.PanicError)
				if !ok {
					t.Fatalf("BlockOn re-raised %T %v, want the task's *asyncrt.PanicError", panicked, panicked)
				}
				if msg := fmt.Sprint(pe.Value); !strings.Contains(msg, tc.panic) {
					t.Fatalf("task panicked with %q, want the runtime's refusal %q", msg, tc.panic)
				}
				t.Logf("panicked after %v: %v", time.Since(start).Round(time.Microsecond), pe.Value)
			})
		}
	}
}

// runBounded runs body as a task on rt with BlockOn from a goroutine and
// returns its value or what BlockOn panicked with; the test fails if the
// task neither returns nor panics within shapeTimeout (a deadlock).
func runBounded(t *testing.T, rt *asyncrt.Runtime, body func(*asyncrt.Co) int) (int, any) {
	t.Helper()
	return rttest.BlockOn(t, rt, "the task neither finished nor panicked: the nested runtime deadlocked", body)
}
