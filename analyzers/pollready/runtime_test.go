package pollready_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/pollready"
	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/internal/rttest"
)

// TestRuntimeShapes checks that the analyzer reports exactly the
// combinators of runtime_shapes_test.go that TestPollAfterReady shows to
// misbehave.
func TestRuntimeShapes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), pollready.Analyzer, "rtshapes")
}

const shapeTimeout = rttest.Timeout

var quiet = rttest.Quiet

// TestPollAfterReady runs the combinators on the real runtime, with a
// child that completes at once and one that completes on its third poll.
// The join that polls every child on every call polls the finished one
// again: an asyncrt.Async child panics ("polled after it completed"), a
// user future redoes its side effect (the card is charged three times).
// The fused join does neither.
func TestPollAfterReady(t *testing.T) {
	t.Run("asyncChildPanics", func(t *testing.T) {
		fast := asyncrt.Async(func(co *asyncrt.Co) int { return 1 })
		_, p := run(t, &join{a: fast, b: &later{}})
		pe, ok := p.(*asyncrt.PanicError)
		if !ok || !strings.Contains(fmt.Sprint(pe.Value), "polled after it completed") {
			t.Fatalf("join of an Async child: BlockOn panicked with %v, want the runtime's \"polled after it completed\"", p)
		}
	})
	t.Run("userChildRedoesWork", func(t *testing.T) {
		var charged atomic.Int32
		v, p := run(t, &join{a: &charge{&charged}, b: &later{}})
		if p != nil {
			t.Fatalf("panicked: %v", p)
		}
		if v != 101 || charged.Load() != 3 {
			t.Fatalf("join = %d with the card charged %d times; want 101 and 3 charges (one per poll of the parent)", v, charged.Load())
		}
	})
	t.Run("fusedJoinPollsOnce", func(t *testing.T) {
		var charged atomic.Int32
		v, p := run(t, &fusedJoin{a: &charge{&charged}, b: &later{}})
		if p != nil || v != 101 || charged.Load() != 1 {
			t.Fatalf("fused join = %d, panic %v, %d charges; want 101, none, 1", v, p, charged.Load())
		}
		fast := asyncrt.Async(func(co *asyncrt.Co) int { return 1 })
		if v, p := run(t, &fusedJoin{a: fast, b: &later{}}); p != nil || v != 2 {
			t.Fatalf("fused join of an Async child = %d, panic %v", v, p)
		}
	})
}

func run(t *testing.T, f asyncrt.Future[int]) (int, any) {
	t.Helper()
	rt := asyncrt.New(asyncrt.CurrentThread(), quiet)
	defer rt.Close()
	type outcome struct {
		v int
		p any
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			o.p = recover()
			done <- o
		}()
		o.v = asyncrt.BlockOn(rt, f)
	}()
	select {
	case o := <-done:
		return o.v, o.p
	case <-time.After(shapeTimeout):
		t.Fatalf("the future did not complete within %v", shapeTimeout)
		return 0, nil
	}
}
