package coescape_test

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/coescape"
	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/internal/rttest"
)

// TestRuntimeShapes checks that the analyzer reports exactly the escapes
// of runtime_shapes_test.go that TestEscapedCoPanics shows to fail.
func TestRuntimeShapes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), coescape.Analyzer, "rtshapes")
}

const shapeTimeout = rttest.Timeout

var quiet = rttest.Quiet

// TestEscapedCoPanics runs each shape as a task on the real runtime and
// checks what using the escaped *Co does: the runtime's guard panics with
// the message the check's report anticipates. The working shapes do not
// panic.
func TestEscapedCoPanics(t *testing.T) {
	cases := []struct {
		name  string
		shape func(*asyncrt.Co, *later) string
		panic string // "" for the shapes that must work
	}{
		{"goroutine", shapeGoroutine, "*Co used after its async function returned"},
		{"spawnBlocking", shapeBlocking, "*Co used while its async function is not running"},
		{"otherCoroutine", shapeOtherCoroutine, "Await called with the *Co of another coroutine"},
		{"stored", shapeStored, "*Co used after its async function returned"},
		{"returnedClosure", shapeReturnedClosure, "*Co used after its async function returned"},
		{"ownCo", shapeOwnCo, ""},
		{"spawnTask", shapeSpawnTask, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// One worker: shapeBlocking relies on its spawned task
			// running only once the shape's task has suspended.
			rt := asyncrt.New(asyncrt.CurrentThread(), quiet)
			defer rt.Close()
			l := &later{release: make(chan struct{}), got: make(chan string, 1)}
			msg := runBounded(t, rt, func(co *asyncrt.Co) string { return tc.shape(co, l) })
			if tc.name == "goroutine" {
				// The goroutine uses the co once the task is over.
				close(l.release)
				select {
				case msg = <-l.got:
				case <-time.After(shapeTimeout):
					t.Fatal("the goroutine never reported")
				}
			}
			if tc.panic == "" {
				if msg != "" {
					t.Fatalf("working shape panicked: %s", msg)
				}
				return
			}
			if !strings.Contains(msg, tc.panic) {
				t.Fatalf("using the escaped co gave %q, want a panic containing %q", msg, tc.panic)
			}
		})
	}
}

func runBounded(t *testing.T, rt *asyncrt.Runtime, body func(*asyncrt.Co) string) string {
	t.Helper()
	msg, p := rttest.BlockOn(t, rt, "the task", body)
	if p != nil {
		t.Fatalf("the task panicked: %v", p)
	}
	return msg
}
