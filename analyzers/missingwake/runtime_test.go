package missingwake_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// The runtime side of the check. Each future below has the shape of a
// positive case of testdata/src/a (the same type name) and runs as a task
// on a real asyncrt runtime: it reaches the Pending the check reports, the
// event it waits for happens, and the task never completes. How the runtime
// shows it depends on where the waker went:
//
//   - neverTaken: the Poll never asked for cx.Waker(). The task goes idle
//     with no live waker, and the lost-waker detector reports it at once.
//   - dropped: the Poll took cx.Waker() and let it go. Once the garbage
//     collector finds it unreachable, the detector reports the task.
//   - kept: the waker is reachable (a field nothing wakes): nothing can tell
//     it is lost except that the task never runs again.
//
// A stale waker (FirstPollOnly) is the neverTaken shape for the task that
// holds the future now: the waker kept belongs to the task that polled it
// first.
//
// Reports are checked both in Diagnostics and in the runtime's slog.Logger.
// Each positive case that cannot be made to hang on this runtime is listed
// in notAtRunTime with the reason; TestRuntimeCasesCoverTestdata keeps the
// two lists and the testdata in step.

type visibility int

const (
	dropped visibility = iota
	neverTaken
	kept
)

type lostCase struct {
	name string // the type (or function) in testdata/src/a with this shape
	vis  visibility
	// make returns the future and the event it waits for (nil: none).
	make func() (asyncrt.Future[int], func())
	// handoff: poll the future once in another task before spawning it,
	// so that it holds a waker of a task that is gone (stale wakers).
	handoff bool
}

// notAtRunTime lists the positive cases of testdata/src/a that are not run,
// and why.
var notAtRunTime = map[string]string{
	"OnePath":            "the first poll's waker stays valid on this runtime (a task's waker is one object from poll to poll), so the later Pending without registering only hangs once the future moves to another task: FirstPollOnly shows that",
	"GoroutineFirstPoll": "same as OnePath: the goroutine holds the first poll's waker, which still wakes the same task unless the future moves (FirstPollOnly)",
	"StoresContext":      "the Context is borrowed: storing it keeps the worker's reusable Context, not a waker, so at run time it is Forgetful plus a dangling pointer into the worker",
	"Literal":            "the same Pending as ZeroPoll (the zero Poll), written as a composite literal",
	"ReadyCompared":      "the same after-Ready Pending as IsReadyBranch, with the test written as IsReady() == false",
	"MapNeverWoken":      "the kept shape of NeverRead, with the waker in a map field",
	"SliceNeverWoken":    "the kept shape of NeverRead, with the waker in a slice field",
	"OnlyCompared":       "the kept shape of NeverRead, with the field only compared with nil",
	"NotNilEarlyReturn":  "the stale shape of FirstPollOnly, with the nil test written the other way round",
	"RetryLoop":          "the shape of Forgetful, with the readiness test repeated in a loop",
	"ChanDefault":        "a Pending without registration only on the path where the channel is full, the shape of OnePath",
	"TimerWake":          "the first poll's timer holds a waker that stays valid on this runtime; later polls hang only once the future moves, as OnePath",
	"FieldDescribe":      "the shape of Described: the waker goes to a foreign helper that only prints it",
	"HelperPending":      "the shape of ViaHelper, with the helper returning the zero Poll",
	"Lines":              "the stream counterpart of Forgetful, as Drained",
	"LocalWaiters":       "the shape of LocalSlice, with append into a local slice",
	"MapBroken":          "a Pending without registration on one path only, the shape of OnePath in a generic wrapper",
	"StaleByID":          "the stale shape of FirstPollOnly, in a map entry stored only when absent",
	"StaleFirst":         "the stale shape of FirstPollOnly",
	"NeverWoken":         "the kept shape of NeverRead",
}

func lostCases() []lostCase {
	return []lostCase{
		{name: "Forgetful", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			f := new(Forgetful)
			return f, func() { f.ready.Store(true) }
		}},
		{name: "Stages", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			s := &Stages{stage: 1}
			return s, s.advance
		}},
		{name: "ResultVar", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			r := new(ResultVar)
			return r, func() { r.done.Store(true) }
		}},
		{name: "ZeroPoll", vis: neverTaken, make: func() (asyncrt.Future[int], func()) { return ZeroPoll{}, nil }},
		{name: "NamedResult", vis: neverTaken, make: func() (asyncrt.Future[int], func()) { return new(NamedResult), nil }},
		{name: "ViaHelper", vis: neverTaken, make: func() (asyncrt.Future[int], func()) { return ViaHelper{}, nil }},
		{name: "ForeignPending", vis: neverTaken, make: func() (asyncrt.Future[int], func()) { return ForeignPending{}, nil }},
		{name: "OnlyLooks", vis: dropped, make: func() (asyncrt.Future[int], func()) { return new(OnlyLooks), nil }},
		{name: "LocalSlice", vis: dropped, make: func() (asyncrt.Future[int], func()) { return new(LocalSlice), nil }},
		{name: "LocalMap", vis: dropped, make: func() (asyncrt.Future[int], func()) { return new(LocalMap), nil }},
		{name: "Printed", vis: dropped, make: func() (asyncrt.Future[int], func()) { return new(Printed), nil }},
		{name: "LocalClosure", vis: dropped, make: func() (asyncrt.Future[int], func()) { return new(LocalClosure), nil }},
		{name: "LocalHelper", vis: dropped, make: func() (asyncrt.Future[int], func()) { return new(LocalHelper), nil }},
		{name: "Described", vis: dropped, make: func() (asyncrt.Future[int], func()) { return new(Described), nil }},
		{name: "Peeked", vis: dropped, make: func() (asyncrt.Future[int], func()) { return Peeked{}, nil }},
		{name: "SentSelect", vis: dropped, make: func() (asyncrt.Future[int], func()) {
			return &SentSelect{subscribe: make(chan *asyncrt.Waker), done: new(atomic.Bool)}, nil
		}},
		{name: "Cleared", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			c := new(Cleared)
			return c, c.fire
		}},
		{name: "SelfWakeOnePath", vis: neverTaken, make: func() (asyncrt.Future[int], func()) { return new(SelfWakeOnePath), nil }},
		{name: "PollFuncLiteral", vis: neverTaken, make: func() (asyncrt.Future[int], func()) { return pollFn(PollFuncLiteral()), nil }},
		{name: "ByIDForgets", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			h := newHub()
			return &ByIDForgets{h: h, id: 1}, func() { h.fire(1) }
		}},
		{name: "Then", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			return &Then{first: readyFuture(1), second: func(v int) asyncrt.Future[int] { return readyFuture(v + 1) }}, nil
		}},
		{name: "IsReadyBranch", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			return &IsReadyBranch{child: readyString("x")}, nil
		}},
		{name: "ForeignContext", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			child := new(eventFuture)
			return &ForeignContext{child: child}, child.fire
		}},
		{name: "Drained", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			d := new(Drained)
			return &sum{s: d}, func() { d.push(1) }
		}},
		{name: "Filter", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			return &sum{s: &Filter{inner: &items{vs: []int{1, 3, 5}}, keep: func(v int) bool { return v%2 == 0 }}}, nil
		}},
		{name: "LeakyCell", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			c := new(LeakyCell[int])
			return c, func() { c.set(9) }
		}},
		{name: "AndThen", vis: neverTaken, make: func() (asyncrt.Future[int], func()) {
			return &AndThen[int, asyncrt.Future[int]]{child: readyFuture(4)}, nil
		}},
		{name: "NeverRead", vis: kept, make: func() (asyncrt.Future[int], func()) {
			n := new(NeverRead)
			return n, n.finish
		}},
		{name: "FirstPollOnly", vis: neverTaken, handoff: true, make: func() (asyncrt.Future[int], func()) {
			f := new(FirstPollOnly)
			return f, f.fire
		}},
	}
}

// fixedCases are the registering counterparts, run through the same harness:
// they complete once their event happens, and the detector stays silent.
// They are what makes the hangs above mean something.
func fixedCases() []lostCase {
	return []lostCase{
		{name: "Timer", make: func() (asyncrt.Future[int], func()) {
			return &asInt[struct{}]{f: &Timer{d: time.Millisecond}}, nil
		}},
		{name: "Yield", make: func() (asyncrt.Future[int], func()) { return new(Yield), nil }},
		{name: "ThenFixed", make: func() (asyncrt.Future[int], func()) {
			return &ThenFixed{first: readyFuture(1), second: func(v int) asyncrt.Future[int] { return readyFuture(v + 1) }}, nil
		}},
		{name: "ByID", make: func() (asyncrt.Future[int], func()) {
			h := newHub()
			return &ByID{h: h, id: 2}, func() { h.fire(2) }
		}},
		{name: "Ticks", make: func() (asyncrt.Future[int], func()) {
			tk := new(Ticks)
			return &sum{s: tk}, func() { tk.push(1); tk.close() }
		}},
		{name: "FilterLoop", make: func() (asyncrt.Future[int], func()) {
			return &sum{s: &FilterLoop{inner: &items{vs: []int{1, 2, 3}}, keep: func(v int) bool { return v%2 == 0 }}}, nil
		}},
		{name: "Cell", make: func() (asyncrt.Future[int], func()) {
			c := new(Cell[int])
			return c, func() { c.Set(3) }
		}},
		{name: "StaleFixed", handoff: true, make: func() (asyncrt.Future[int], func()) {
			s := new(StaleFixed)
			return s, s.fire
		}},
	}
}

// TestLostWakersHangOnTheRuntime runs every positive case that can hang.
func TestLostWakersHangOnTheRuntime(t *testing.T) {
	for _, c := range lostCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			logs := new(logRecorder)
			rt := asyncrt.New(asyncrt.WithWorkers(2), asyncrt.WithLogger(slog.New(logs)))
			defer rt.Close()
			f, event := c.make()
			h := start(t, rt, c, f)
			waitIdle(t, rt, h.ID())
			if event != nil {
				event()
			}
			switch c.vis {
			case dropped, neverTaken:
				// A dropped waker needs the garbage collector to find it;
				// bounded, so a regression fails instead of hanging.
				deadline := time.Now().Add(10 * time.Second)
				for !lostReported(rt, h.ID()) {
					if time.Now().After(deadline) {
						t.Fatalf("%s: the lost-waker detector did not report the task within 10s", c.name)
					}
					runtime.GC()
					time.Sleep(5 * time.Millisecond)
				}
				if !logs.has("lost waker", h.ID()) {
					t.Errorf("%s: the lost waker was recorded in Diagnostics but not logged through the runtime's logger", c.name)
				}
				ti, ok := taskInfo(rt, h.ID())
				if !ok || ti.State != asyncrt.TaskIdle || ti.LiveWakers != 0 || !ti.LostWaker {
					t.Fatalf("%s: want a lost pending task with no live waker in the task dump, got %+v (found %v)", c.name, ti, ok)
				}
			case kept:
				time.Sleep(50 * time.Millisecond)
				ti, ok := taskInfo(rt, h.ID())
				if !ok || ti.State != asyncrt.TaskIdle || ti.LiveWakers == 0 {
					t.Fatalf("%s: want a pending task holding a live waker in the task dump, got %+v (found %v)", c.name, ti, ok)
				}
			}
			if h.IsFinished() {
				t.Fatalf("%s completed: the task was polled again although nothing registered its waker", c.name)
			}
		})
	}
}

// TestRegisteredWakersComplete runs the registering counterparts: each one
// completes, bounded by a timeout, and nothing is reported lost.
func TestRegisteredWakersComplete(t *testing.T) {
	for _, c := range fixedCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			logs := new(logRecorder)
			rt := asyncrt.New(asyncrt.WithWorkers(2), asyncrt.WithLogger(slog.New(logs)))
			defer rt.Close()
			f, event := c.make()
			h := start(t, rt, c, f)
			if event != nil {
				waitIdle(t, rt, h.ID())
				event()
			}
			deadline := time.Now().Add(10 * time.Second)
			for !h.IsFinished() {
				if time.Now().After(deadline) {
					t.Fatalf("%s did not complete within 10s", c.name)
				}
				runtime.GC() // give the detector every chance to (wrongly) report
				time.Sleep(time.Millisecond)
			}
			if lostReported(rt, h.ID()) || logs.has("lost waker", h.ID()) {
				t.Fatalf("%s: reported as a lost waker although it registers", c.name)
			}
		})
	}
}

// TestRuntimeCasesCoverTestdata keeps the runtime cases and the testdata in
// step: every type or function of testdata/src/a with a reported Poll is
// run above or listed in notAtRunTime, and every name used here exists
// there as a positive (or, for the fixed cases, as a negative) case.
func TestRuntimeCasesCoverTestdata(t *testing.T) {
	positives, negatives := testdataCases(t)
	run := make(map[string]bool)
	for _, c := range lostCases() {
		run[c.name] = true
		if !positives[c.name] {
			t.Errorf("runtime case %s is not a reported case of testdata/src/a", c.name)
		}
		if _, ok := notAtRunTime[c.name]; ok {
			t.Errorf("%s is both run and listed in notAtRunTime", c.name)
		}
	}
	for name := range notAtRunTime {
		if !positives[name] {
			t.Errorf("notAtRunTime lists %s, which is not a reported case of testdata/src/a", name)
		}
	}
	for _, c := range fixedCases() {
		if !negatives[c.name] {
			t.Errorf("fixed case %s is not an unreported Poll of testdata/src/a", c.name)
		}
	}
	var missing []string
	for name := range positives {
		if _, listed := notAtRunTime[name]; !run[name] && !listed {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("reported cases neither run on the runtime nor listed in notAtRunTime: %s", strings.Join(missing, ", "))
	}
}

// testdataCases returns the names (receiver type or function) of the Poll
// functions of testdata/src/a that carry a `// want` comment, and of those
// that do not.
func testdataCases(t *testing.T) (positives, negatives map[string]bool) {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join("testdata", "src", "a", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	positives, negatives = make(map[string]bool), make(map[string]bool)
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			owner := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				owner = recvName(fd.Recv.List[0].Type)
			}
			isPoll := fd.Name.Name == "Poll" || fd.Name.Name == "PollNext"
			wanted := false
			for _, cg := range f.Comments {
				if cg.Pos() > fd.Pos() && cg.End() < fd.End() && strings.Contains(cg.Text(), "want ") {
					wanted = true
				}
			}
			switch {
			case wanted:
				positives[owner] = true
			case isPoll:
				negatives[owner] = true
			}
		}
	}
	return positives, negatives
}

func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// start spawns f, first handing it through a short-lived task when the case
// asks for it.
func start(t *testing.T, rt *asyncrt.Runtime, c lostCase, f asyncrt.Future[int]) *asyncrt.JoinHandle[int] {
	t.Helper()
	if c.handoff {
		first := asyncrt.SpawnNamed(rt, c.name+"/first", &pollOnce{f: f})
		deadline := time.Now().Add(10 * time.Second)
		for !first.IsFinished() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the first task did not finish", c.name)
			}
			time.Sleep(time.Millisecond)
		}
	}
	return asyncrt.SpawnNamed(rt, c.name, f)
}

// waitIdle waits until the task has been polled and is waiting for a wake.
func waitIdle(t *testing.T, rt *asyncrt.Runtime, id uint64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ti, ok := taskInfo(rt, id)
		if !ok || (ti.Polls > 0 && ti.State == asyncrt.TaskIdle) {
			return // finished (the caller checks) or pending
		}
		if time.Now().After(deadline) {
			t.Fatalf("task %d was not polled within 10s: %+v", id, ti)
		}
		time.Sleep(time.Millisecond)
	}
}

func taskInfo(rt *asyncrt.Runtime, id uint64) (asyncrt.TaskInfo, bool) {
	for _, ti := range rt.TaskDump() {
		if ti.ID == id {
			return ti, true
		}
	}
	return asyncrt.TaskInfo{}, false
}

func lostReported(rt *asyncrt.Runtime, id uint64) bool {
	for _, d := range rt.Diagnostics(0) {
		if d.Kind == asyncrt.LostWaker && d.TaskID == id {
			return true
		}
	}
	return false
}

// logRecorder is a slog.Handler keeping the messages and task ids logged.
type logRecorder struct {
	mu      sync.Mutex
	records []string
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }

func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	s := r.Message
	r.Attrs(func(a slog.Attr) bool {
		s += fmt.Sprintf(" %s=%v", a.Key, a.Value)
		return true
	})
	l.mu.Lock()
	l.records = append(l.records, s)
	l.mu.Unlock()
	return nil
}

func (l *logRecorder) has(msg string, task uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	want := fmt.Sprintf("task=%d", task)
	for _, r := range l.records {
		if !strings.Contains(r, msg) {
			continue
		}
		for _, field := range strings.Fields(r) {
			if field == want {
				return true
			}
		}
	}
	return false
}
