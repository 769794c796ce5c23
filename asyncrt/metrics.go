package asyncrt

import "time"

// Metrics is a snapshot of a runtime's counters.
type Metrics struct {
	Workers int

	TasksSpawned   uint64 // including SpawnBlocking and BlockOn's
	TasksCompleted uint64 // returned a value
	TasksAborted   uint64 // cancelled by Abort, AbortAll or Close
	TasksPanicked  uint64
	TasksLive      int // spawned and not complete

	Polls      uint64 // polls by workers (SpawnBlocking functions excluded)
	Steals     uint64 // tasks moved by work stealing
	StealOps   uint64 // successful steal operations
	Parks      uint64 // times a worker went to sleep
	LongPolls  uint64 // polls over the long-poll threshold
	LostWakers uint64 // tasks reported by the lost-waker detector

	InjectionQueueDepth int   // tasks in the runtime-wide queue
	LocalQueueDepths    []int // tasks queued per worker (local queue, LIFO slot excluded)
	Timers              int   // armed timers

	BlockingThreads     int
	BlockingIdleThreads int
	BlockingQueueDepth  int

	// PollDurations is the histogram of poll durations: bucket i counts
	// polls shorter than Buckets[i].UpTo (and at least the previous
	// bucket's bound); the last bucket counts everything longer.
	PollDurations []HistogramBucket
}

// HistogramBucket is one bucket of a duration histogram.
type HistogramBucket struct {
	UpTo  time.Duration // exclusive upper bound; 0 for the last, open bucket
	Count uint64
}

// Metrics returns a snapshot of the runtime's counters. Counters are read
// one by one while the runtime runs, so they are not mutually consistent;
// polls, the histogram and the task counters are published by each worker
// every 64 polls and whenever it goes idle, so a busy worker's last few
// events are not counted yet.
func (rt *Runtime) Metrics() Metrics {
	m := Metrics{Workers: len(rt.workers)}
	hist := make([]HistogramBucket, histBuckets)
	for i := range hist {
		if i < histBuckets-1 {
			hist[i].UpTo = time.Duration(1024) << i
		}
	}
	add := func(s *workerStats) {
		m.TasksSpawned += s.spawned.Load()
		m.TasksCompleted += s.completed.Load()
		m.TasksAborted += s.aborted.Load()
		m.TasksPanicked += s.panicked.Load()
		m.Steals += s.steals.Load()
		m.StealOps += s.stealOps.Load()
		m.Parks += s.parks.Load()
		for i := range s.hist {
			c := s.hist[i].Load()
			hist[i].Count += c
			m.Polls += c
		}
	}
	add(&rt.outside)
	m.LocalQueueDepths = make([]int, len(rt.workers))
	for i, w := range rt.workers {
		add(&w.stats)
		m.LocalQueueDepths[i] = w.local.len()
	}
	m.PollDurations = hist
	m.TasksLive = rt.tasks.len()
	m.LongPolls = rt.diag.longPolls.Load()
	m.LostWakers = rt.diag.lostWakers.Load()
	m.InjectionQueueDepth = rt.inject.len()
	m.Timers = rt.timers.len()
	m.BlockingThreads, m.BlockingIdleThreads, m.BlockingQueueDepth = rt.block.counts()
	return m
}

// TaskInfo describes a live task in a TaskDump.
type TaskInfo struct {
	ID       uint64
	Name     string
	Function string // the function that spawned it
	File     string // the spawn site
	Line     int
	State    TaskState
	Blocking bool // a SpawnBlocking function
	Aborted  bool // Abort was called; it has not finished unwinding

	Polls     uint64
	Wakes     uint64 // calls of its waker
	SelfWakes uint64 // wakes made while it was being polled (Yield, a future waking itself)
	// LiveWakers is how many of its wakers are reachable (-1 when the
	// lost-waker detector is off); a pending task with none is lost.
	LiveWakers int
	LostWaker  bool // reported by the lost-waker detector
	Busy       time.Duration
	Idle       time.Duration // lifetime not spent in polls (waiting or queued)
	Age        time.Duration
	// Polling is how long the poll a worker is running now has lasted (0
	// unless State is TaskRunning on a worker; not included in Busy). With
	// Polls == 0 it is a task whose first poll has not returned yet: one
	// that never yielded.
	Polling time.Duration
}

// Location returns the spawn site as file:line.
func (ti TaskInfo) Location() string { return ti.File + ":" + itoa(ti.Line) }

// TaskDump lists the live tasks: what a goroutine dump is for goroutines.
func (rt *Runtime) TaskDump() []TaskInfo {
	now := rt.mono()
	var out []TaskInfo
	for _, t := range rt.tasks.snapshot() {
		s := t.state.load()
		fn, file, line := t.location()
		ti := TaskInfo{
			ID: t.id, Name: t.name(), Function: fn, File: file, Line: line,
			State: taskStateOf(s), Blocking: t.blocking(), Aborted: s&stCancelled != 0,
			Polls: t.polls.Load(), Wakes: t.wakes.Load(), SelfWakes: t.selfWakes.Load(),
			LiveWakers: int(t.liveWakers.Load()), LostWaker: t.lostWaker.Load(),
			Busy: time.Duration(t.busyNanos.Load()), Age: time.Duration(now - t.spawnedAt),
		}
		if !rt.cfg.lostWakers {
			ti.LiveWakers = -1
		}
		if ti.State == TaskRunning && !ti.Blocking {
			ti.Polling = pollingFor(t, now)
		}
		ti.Idle = max(ti.Age-ti.Busy, 0)
		out = append(out, ti)
	}
	return out
}

// pollingFor returns how long the poll of the running task t has lasted at
// now. The worker's pollStart is re-checked against t.worker so that a poll
// of another task that the worker started meanwhile is not attributed to t.
func pollingFor(t *header, now int64) time.Duration {
	w := t.worker.Load()
	if w == nil {
		return 0
	}
	start := w.pollStart.Load()
	if start == 0 || t.worker.Load() != w || t.state.load()&stRunning == 0 {
		return 0
	}
	return time.Duration(max(now-start, 0))
}

// LongPollThreshold returns the threshold set by WithLongPollThreshold (0:
// the long-poll detector is off).
func (rt *Runtime) LongPollThreshold() time.Duration { return rt.cfg.longPoll }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
