package asyncrt

import (
	"testing"
	"time"
)

// TaskDump's Polling (read by the console's "never yielded" warning): the
// time the poll in progress has run, 0 once the task is not running.
func TestTaskDumpPolling(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2), WithLongPollThreshold(20*time.Millisecond))
	if got := rt.LongPollThreshold(); got != 20*time.Millisecond {
		t.Fatalf("LongPollThreshold() = %v", got)
	}
	release := make(chan struct{})
	h := SpawnNamed(rt, "stuck", Async(func(co *Co) int {
		<-release // blocks its worker on purpose
		return 1
	}))
	find := func() (TaskInfo, bool) {
		for _, ti := range rt.TaskDump() {
			if ti.Name == "stuck" {
				return ti, true
			}
		}
		return TaskInfo{}, false
	}
	var ti TaskInfo
	deadline := time.Now().Add(5 * time.Second)
	for {
		var ok bool
		ti, ok = find()
		if ok && ti.Polling >= 50*time.Millisecond || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if ti.State != TaskRunning || ti.Polls != 0 || ti.Polling < 50*time.Millisecond || ti.Polling > ti.Age {
		t.Errorf("while stuck in its first poll: %+v", ti)
	}
	close(release)
	BlockOn(rt, Async(func(co *Co) int { v, _ := h.Join(co); return v }))

	// An idle task has no poll in progress.
	n := new(Notify)
	SpawnNamed(rt, "stuck", Async(func(co *Co) int { n.Wait(co); return 0 }))
	for {
		ti, _ = find()
		if ti.State == TaskIdle || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if ti.State != TaskIdle || ti.Polling != 0 || ti.Polls != 1 {
		t.Errorf("idle task: %+v", ti)
	}
	n.NotifyWaiters()
}

func TestLongPollThresholdOff(t *testing.T) {
	rt, _ := newTestRuntime(t, WithLongPollThreshold(0))
	if got := rt.LongPollThreshold(); got != 0 {
		t.Errorf("LongPollThreshold() = %v, want 0 (off)", got)
	}
}
