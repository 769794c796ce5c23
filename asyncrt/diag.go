package asyncrt

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Diagnostics: the dynamic twins of the static checks.
//
//   - Long-poll detector: a poll that holds a worker for longer than the
//     threshold is what a blocking call inside a task looks like at run
//     time. Each worker times its polls (one clock read per poll); a poll
//     that ends over the threshold is reported and counted. A monitor
//     goroutine, ticking at the threshold, also reports polls still in
//     progress, so a task stuck in time.Sleep or a deadlock is reported
//     while it is stuck, not after.
//   - Lost-waker detector: see (*header).waker. A pending task none of whose
//     wakers is reachable any more can never run again.
//
// Reports go to the runtime's slog.Logger at Warn level with the task's id,
// name and spawn location, to counters in Metrics, and to a ring of recent
// events read by Diagnostics (for the console).

// DiagnosticKind says what a Diagnostic reports.
type DiagnosticKind uint8

const (
	// LongPoll: a poll held its worker longer than the threshold. The static
	// check that finds its usual cause is "blocking".
	LongPoll DiagnosticKind = iota + 1
	// LostWaker: a pending task can no longer be woken by anything. The
	// static check that finds its usual cause is "missingwake".
	LostWaker
)

func (k DiagnosticKind) String() string {
	switch k {
	case LongPoll:
		return "long-poll"
	case LostWaker:
		return "lost-waker"
	}
	return "DiagnosticKind(?)"
}

// Diagnostic is one report of the runtime's detectors.
type Diagnostic struct {
	Seq      uint64 // increasing, for Diagnostics(since)
	Time     time.Time
	Kind     DiagnosticKind
	TaskID   uint64
	TaskName string
	Function string // the function that spawned the task
	File     string // the spawn site
	Line     int
	// Duration of a LongPoll: the whole poll, or so far when Ongoing.
	Duration time.Duration
	Ongoing  bool // a LongPoll reported while the poll is still running
}

// Location returns the spawn site as file:line.
func (d Diagnostic) Location() string { return fmt.Sprintf("%s:%d", d.File, d.Line) }

const diagRingSize = 256

type diagnostics struct {
	rt         *Runtime
	longPolls  atomic.Uint64
	lostWakers atomic.Uint64

	mu   sync.Mutex
	ring [diagRingSize]Diagnostic
	seq  uint64

	monMu    sync.Mutex // guards each worker's monitored field
	stopCh   chan struct{}
	stopped  chan struct{}
	stopOnce sync.Once
}

func (d *diagnostics) start(rt *Runtime) {
	d.rt = rt
	d.stopCh = make(chan struct{})
	d.stopped = make(chan struct{})
	if rt.cfg.longPoll <= 0 {
		close(d.stopped)
		return
	}
	go d.monitor()
}

func (d *diagnostics) stop() {
	d.stopOnce.Do(func() { close(d.stopCh) })
	<-d.stopped
}

// monitor reports polls still running after the threshold, once per poll.
func (d *diagnostics) monitor() {
	defer close(d.stopped)
	thr := d.rt.cfg.longPoll
	tick := max(thr/2, time.Millisecond)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	for {
		select {
		case <-d.stopCh:
			return
		case <-ticker.C:
		}
		now := d.rt.mono()
		for _, w := range d.rt.workers {
			start := w.pollStart.Load()
			if start == 0 || now-start < int64(thr) {
				continue
			}
			d.monMu.Lock()
			seen := w.monitored == start
			w.monitored = start
			d.monMu.Unlock()
			if seen {
				continue
			}
			t := d.rt.runningOn(w)
			if t == nil || w.pollStart.Load() != start {
				continue // the poll ended meanwhile
			}
			d.longPoll(t, time.Duration(now-start), true, false)
		}
	}
}

// runningOn finds the task w is polling (a scan of the live tasks, done only
// when a long poll is to be reported).
func (rt *Runtime) runningOn(w *worker) *header {
	for _, t := range rt.tasks.snapshot() {
		if t.state.load()&stRunning != 0 && t.worker.Load() == w {
			return t
		}
	}
	return nil
}

// reportedStart returns the start of the last poll the monitor reported on w.
func (d *diagnostics) reportedStart(w *worker) int64 {
	d.monMu.Lock()
	defer d.monMu.Unlock()
	return w.monitored
}

// longPoll reports a long poll: ongoing from the monitor, or when it ended
// (alreadyReported: the monitor reported it while it ran; it is counted
// once, when it ends).
func (d *diagnostics) longPoll(t *header, dur time.Duration, ongoing, alreadyReported bool) {
	if !ongoing {
		d.longPolls.Add(1)
	}
	ev := d.record(LongPoll, t, func(e *Diagnostic) { e.Duration, e.Ongoing = dur, ongoing })
	msg := "asyncrt: long poll: a task held its worker for " + dur.String() + " without yielding; something in it blocks (time.Sleep, a lock, blocking I/O?): await an asyncrt future instead, or move the work to SpawnBlocking"
	if ongoing {
		msg = "asyncrt: long poll in progress: a task has held its worker for " + dur.String() + " without yielding and still does; every task queued behind it waits"
	} else if alreadyReported {
		msg = "asyncrt: long poll ended after " + dur.String()
	}
	d.log(msg, ev, slog.Duration("duration", dur), slog.Duration("threshold", d.rt.cfg.longPoll))
}

func (rt *Runtime) reportLostWaker(t *header) {
	if !t.lostWaker.CompareAndSwap(false, true) {
		return
	}
	if rt.closeState.Load() == rtClosed {
		return
	}
	rt.diag.lostWakers.Add(1)
	ev := rt.diag.record(LostWaker, t, nil)
	rt.diag.log("asyncrt: lost waker: a pending task can never be woken again (every waker it handed out is unreachable); a future returned Pending without keeping cx.Waker() where its event will wake it", ev)
}

func (d *diagnostics) record(kind DiagnosticKind, t *header, fill func(*Diagnostic)) Diagnostic {
	fn, file, line := t.location()
	e := Diagnostic{Time: time.Now(), Kind: kind, TaskID: t.id, TaskName: t.name(), Function: fn, File: file, Line: line}
	if fill != nil {
		fill(&e)
	}
	d.mu.Lock()
	d.seq++
	e.Seq = d.seq
	d.ring[d.seq%diagRingSize] = e
	d.mu.Unlock()
	return e
}

func (d *diagnostics) log(msg string, e Diagnostic, extra ...slog.Attr) {
	attrs := []slog.Attr{
		slog.Uint64("task", e.TaskID),
		slog.String("name", e.TaskName),
		slog.String("spawned_at", e.Location()),
		slog.String("spawned_by", e.Function),
	}
	if n := d.rt.cfg.name; n != "" {
		attrs = append(attrs, slog.String("runtime", n))
	}
	attrs = append(attrs, extra...)
	d.rt.cfg.logger.LogAttrs(context.Background(), slog.LevelWarn, msg, attrs...)
}

// Diagnostics returns the recent reports (the last 256) with Seq greater
// than since, oldest first: pass the last Seq seen to get only new ones.
func (rt *Runtime) Diagnostics(since uint64) []Diagnostic {
	d := &rt.diag
	d.mu.Lock()
	defer d.mu.Unlock()
	first := since + 1
	if d.seq >= diagRingSize && first <= d.seq-diagRingSize {
		first = d.seq - diagRingSize + 1
	}
	var out []Diagnostic
	for s := first; s <= d.seq; s++ {
		out = append(out, d.ring[s%diagRingSize])
	}
	return out
}

func describeTask(t *header) string {
	_, file, line := t.location()
	name := t.name()
	if name == "" {
		name = "unnamed"
	}
	return fmt.Sprintf("task %d (%s) spawned at %s:%d", t.id, name, file, line)
}
