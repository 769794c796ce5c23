package asyncrt

import (
	"strings"
	"testing"
	"time"
)

func TestMetrics(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			ok := Spawn(co, Async(func(co *Co) int { Yield(co); return 1 }))
			bad := Spawn(co, Async(func(co *Co) int { panic("x") }))
			stuck := Spawn(co, Sleep2Int(time.Hour))
			blk := SpawnBlocking(co, func() int { return 2 })
			ok.Join(co)
			bad.Join(co)
			blk.Join(co)
			Yield(co)
			stuck.Abort()
			stuck.Join(co)
			return 0
		}))
	})
	m := rt.Metrics()
	// The BlockOn root completes just after BlockOn returns, and workers
	// publish their counters when they go idle; wait for both.
	eventually(t, 5*time.Second, "the counters to settle", func() bool {
		m = rt.Metrics()
		return m.TasksLive == 0 && m.TasksSpawned == m.TasksCompleted+m.TasksAborted+m.TasksPanicked
	})
	if m.TasksSpawned != 5 || m.TasksCompleted != 3 || m.TasksPanicked != 1 || m.TasksAborted != 1 {
		t.Fatalf("task counters %+v", m)
	}
	var hist uint64
	for _, b := range m.PollDurations {
		hist += b.Count
	}
	if m.Polls < 7 || hist != m.Polls {
		t.Fatalf("polls %d, histogram total %d", m.Polls, hist)
	}
	if len(m.LocalQueueDepths) != 2 || m.PollDurations[len(m.PollDurations)-1].UpTo != 0 || m.PollDurations[0].UpTo != 1024*time.Nanosecond {
		t.Fatalf("shape %+v", m)
	}
}

// Work stealing: tasks queued on a worker stuck in a long poll are run by
// the other worker.
func TestWorkStealing(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2), WithLongPollThreshold(0))
	release := make(chan struct{})
	within(t, 10*time.Second, func() {
		done := make(chan int, 1)
		Spawn(rt, Async(func(co *Co) int {
			hs := make([]*JoinHandle[int], 50)
			for i := range hs {
				hs[i] = Spawn[int](co, readyFuture{}) // queued on this worker
			}
			helper := Spawn(co, Async(func(co *Co) int {
				n := 0
				for _, h := range hs {
					v, _ := h.Join(co)
					n += v
				}
				close(release)
				return n
			}))
			<-release // hold this worker: the others must be stolen
			v, _ := helper.Join(co)
			done <- v
			return 0
		}))
		if v := <-done; v != 50 {
			t.Errorf("joined %d", v)
		}
	})
	if m := rt.Metrics(); m.Steals == 0 || m.StealOps == 0 {
		t.Fatalf("no steals recorded: %+v", m)
	}
}

func TestTaskDump(t *testing.T) {
	rt, _ := newTestRuntime(t)
	g := &gate{}
	h := SpawnNamed(rt, "waiter", Async(func(co *Co) int {
		Yield(co)
		Await(co, g)
		return 0
	}))
	eventually(t, 5*time.Second, "the task to wait", func() bool {
		return g.pollCount() > 0 && taskStateOf(h.hdr.state.load()) == TaskIdle
	})
	dump := rt.TaskDump()
	if len(dump) != 1 {
		t.Fatalf("dump %+v", dump)
	}
	ti := dump[0]
	if ti.ID != h.ID() || ti.Name != "waiter" || ti.State != TaskIdle || ti.Polls != 2 || ti.SelfWakes != 1 ||
		ti.Wakes != 1 || ti.LiveWakers != 1 || ti.LostWaker || ti.Age <= 0 || ti.Busy <= 0 || ti.Idle < 0 {
		t.Fatalf("TaskInfo %+v", ti)
	}
	if !strings.HasSuffix(ti.File, "diag_test.go") || !strings.Contains(ti.Function, "TestTaskDump") || !strings.HasPrefix(ti.Location(), ti.File+":") {
		t.Fatalf("spawn site %s %s", ti.Function, ti.Location())
	}
	for s, want := range map[TaskState]string{TaskIdle: "idle", TaskScheduled: "scheduled", TaskRunning: "running", TaskDone: "done", 9: "TaskState(?)"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q", s, s.String())
		}
	}
	g.Open()
	joinFromOutside(t, rt, h)
	eventually(t, 5*time.Second, "an empty dump", func() bool { return len(rt.TaskDump()) == 0 })

	off, _ := newTestRuntime(t, WithLostWakerDetection(false))
	g2 := &gate{}
	h2 := Spawn[struct{}](off, g2)
	eventually(t, 5*time.Second, "the task to wait", func() bool { return g2.pollCount() > 0 })
	if d := off.TaskDump(); len(d) != 1 || d[0].LiveWakers != -1 {
		t.Fatalf("dump with the detector off: %+v", d)
	}
	g2.Open()
	joinFromOutside(t, off, h2)
}

// Every API entry point records its caller as the spawn site.
func TestSpawnSites(t *testing.T) {
	rt, _ := newTestRuntime(t)
	check := func(what string, pc uintptr) {
		t.Helper()
		h := &header{pc: pc}
		fn, file, _ := h.location()
		if !strings.HasSuffix(file, "diag_test.go") || !strings.Contains(fn, "TestSpawnSites") {
			t.Errorf("%s: spawn site %s in %s", what, file, fn)
		}
	}
	for range 3 { // the first call calibrates, the next ones use frame pointers
		check("Spawn", Spawn[int](rt, readyFuture{}).hdr.pc)
		check("SpawnNamed", SpawnNamed[int](rt, "n", readyFuture{}).hdr.pc)
		check("SpawnBlocking", SpawnBlocking(rt, func() int { return 0 }).hdr.pc)
		js := NewJoinSet[int](rt)
		check("JoinSet.Spawn", js.Spawn(readyFuture{}).hdr.pc)
		check("JoinSet.SpawnNamed", js.SpawnNamed("n", readyFuture{}).hdr.pc)
		BlockOn(rt, Async(func(co *Co) int {
			check("Spawn(co)", Spawn[int](co, readyFuture{}).hdr.pc)
			return 0
		}))
	}
	for i := range siteDepth {
		if siteDepth[i].Load() < 0 {
			t.Errorf("site %d fell back to runtime.Callers", i)
		}
	}
}

func TestDiagnosticsSince(t *testing.T) {
	rt, _ := newTestRuntime(t)
	for i := range diagRingSize + 10 {
		rt.diag.record(LongPoll, &header{id: uint64(i)}, nil)
	}
	all := rt.Diagnostics(0)
	if len(all) != diagRingSize || all[0].Seq != 11 || all[len(all)-1].Seq != diagRingSize+10 {
		t.Fatalf("ring: %d events, seq %d..%d", len(all), all[0].Seq, all[len(all)-1].Seq)
	}
	if d := rt.Diagnostics(diagRingSize + 8); len(d) != 2 {
		t.Fatalf("since: %d", len(d))
	}
	if d := rt.Diagnostics(diagRingSize + 10); len(d) != 0 {
		t.Fatalf("nothing new: %d", len(d))
	}
	if LongPoll.String() != "long-poll" || LostWaker.String() != "lost-waker" || DiagnosticKind(0).String() == "" {
		t.Fatal("DiagnosticKind.String")
	}
}
