package console

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Snapshot is what snapshot.json returns and what each "snapshot" event of
// the event stream carries. Durations are integer nanoseconds.
type Snapshot struct {
	Time       time.Time `json:"time"`
	Summary    Summary   `json:"summary"`
	Histogram  []Bucket  `json:"histogram"` // poll durations
	Tasks      []Task    `json:"tasks"`     // by id; at most maxTasks
	TasksTotal int       `json:"tasksTotal"`
	Warnings   []Warning `json:"warnings"` // most recent first
}

// Summary is the runtime's metrics.
type Summary struct {
	Workers             int     `json:"workers"`
	TasksLive           int     `json:"tasksLive"`
	TasksSpawned        uint64  `json:"tasksSpawned"`
	TasksCompleted      uint64  `json:"tasksCompleted"`
	TasksAborted        uint64  `json:"tasksAborted"`
	TasksPanicked       uint64  `json:"tasksPanicked"`
	Polls               uint64  `json:"polls"`
	PollsPerSecond      float64 `json:"pollsPerSecond"` // since the previous snapshot of the same client; 0 on the first
	Steals              uint64  `json:"steals"`
	StealOps            uint64  `json:"stealOps"`
	Parks               uint64  `json:"parks"`
	LongPolls           uint64  `json:"longPolls"`
	LostWakers          uint64  `json:"lostWakers"`
	InjectionQueueDepth int     `json:"injectionQueueDepth"`
	LocalQueueDepths    []int   `json:"localQueueDepths"`
	Timers              int     `json:"timers"`
	BlockingThreads     int     `json:"blockingThreads"`
	BlockingIdleThreads int     `json:"blockingIdleThreads"`
	BlockingQueueDepth  int     `json:"blockingQueueDepth"`
	LongPollThreshold   int64   `json:"longPollThresholdNanos"` // 0: detector off
}

// Bucket is one bar of the poll-duration histogram: polls shorter than
// UpTo (0 for the last, open bucket).
type Bucket struct {
	Label string `json:"label"`
	UpTo  int64  `json:"upToNanos"`
	Count uint64 `json:"count"`
}

// Task is one live task.
type Task struct {
	ID         uint64 `json:"id"`
	Name       string `json:"name"`
	Function   string `json:"function"` // that spawned it
	Location   string `json:"location"` // spawn site, file:line
	State      string `json:"state"`    // idle, scheduled, running, done
	Blocking   bool   `json:"blocking"` // a SpawnBlocking function
	Aborted    bool   `json:"aborted"`
	Polls      uint64 `json:"polls"`
	Wakes      uint64 `json:"wakes"`
	SelfWakes  uint64 `json:"selfWakes"`
	LiveWakers int    `json:"liveWakers"` // -1: lost-waker detection off
	LostWaker  bool   `json:"lostWaker"`
	Busy       int64  `json:"busyNanos"` // including the poll in progress
	Idle       int64  `json:"idleNanos"`
	Age        int64  `json:"ageNanos"`
	Polling    int64  `json:"pollingNanos"` // the poll in progress so far
}

// Warning is one entry of the warnings panel: a detector report (long
// polls and lost wakers, aggregated per task) or a pattern in a live
// task's counters (self-wakes, never yielded).
type Warning struct {
	Kind     string    `json:"kind"` // long-poll, lost-waker, self-wakes, never-yielded
	TaskID   uint64    `json:"taskId"`
	TaskName string    `json:"taskName"`
	Function string    `json:"function"`
	Location string    `json:"location"`
	Message  string    `json:"message"`
	Duration int64     `json:"durationNanos"` // longest long poll; time without yielding
	Count    int       `json:"count"`         // long polls of the task (in the last 256 reports)
	Ongoing  bool      `json:"ongoing"`       // the condition still holds
	Live     bool      `json:"live"`          // the task still exists
	Last     time.Time `json:"last"`
	Checks   []Check   `json:"checks"` // static checks that find the usual cause
}

// Check links a warning to the documentation of a static check (or, for
// patterns no check finds, to the console's own docs).
type Check struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// docsURL is where the project's docs pages live: the same as
// internal/checkdoc.DocsURL (a test keeps them equal). It is repeated here
// so that programs linking the console do not link the analysis framework.
const docsURL = "https://github.com/asynclint/asynclint/blob/main/docs/"

func check(name string) Check { return Check{Name: name, URL: docsURL + name + ".md"} }

var (
	longPollChecks     = []Check{check("blocking"), check("lockawait")}
	lostWakerChecks    = []Check{check("missingwake")}
	neverYieldedChecks = []Check{check("blocking")}
	// No static check finds a task that spins on its own waker; the console
	// docs say what to do instead.
	selfWakeChecks = []Check{{Name: "console docs", URL: docsURL + "console.md#tasks-that-mostly-wake-themselves"}}
)

const (
	// maxTasks bounds the table: the page stays usable and an update stays
	// small with a hundred thousand tasks. TasksTotal says how many exist.
	maxTasks = 1000
	// A task is reported as mostly waking itself after selfWakeMinWakes
	// wakes of which more than half were its own (tokio-console's rule).
	selfWakeMinWakes = 20
	// neverYieldedDefault is the threshold for "never yielded" when the
	// long-poll detector is off.
	neverYieldedDefault = 10 * time.Millisecond
)

// pollRate turns the polls counter into polls per second between two
// snapshots.
type pollRate struct {
	at    time.Time
	polls uint64
}

func (r *pollRate) update(now time.Time, polls uint64) float64 {
	var rate float64
	if !r.at.IsZero() && polls >= r.polls {
		if dt := now.Sub(r.at).Seconds(); dt > 0 {
			rate = float64(polls-r.polls) / dt
		}
	}
	r.at, r.polls = now, polls
	return rate
}

func takeSnapshot(rt *asyncrt.Runtime, rate *pollRate, now time.Time) *Snapshot {
	m := rt.Metrics()
	thr := rt.LongPollThreshold()
	s := &Snapshot{
		Time: now,
		Summary: Summary{
			Workers: m.Workers, TasksLive: m.TasksLive,
			TasksSpawned: m.TasksSpawned, TasksCompleted: m.TasksCompleted,
			TasksAborted: m.TasksAborted, TasksPanicked: m.TasksPanicked,
			Polls: m.Polls, PollsPerSecond: rate.update(now, m.Polls),
			Steals: m.Steals, StealOps: m.StealOps, Parks: m.Parks,
			LongPolls: m.LongPolls, LostWakers: m.LostWakers,
			InjectionQueueDepth: m.InjectionQueueDepth, LocalQueueDepths: m.LocalQueueDepths,
			Timers:          m.Timers,
			BlockingThreads: m.BlockingThreads, BlockingIdleThreads: m.BlockingIdleThreads,
			BlockingQueueDepth: m.BlockingQueueDepth,
			LongPollThreshold:  int64(thr),
		},
	}
	var prev time.Duration
	for _, b := range m.PollDurations {
		label := "≥ " + shortDuration(int64(prev))
		if b.UpTo > 0 {
			label, prev = "< "+shortDuration(int64(b.UpTo)), b.UpTo
		}
		s.Histogram = append(s.Histogram, Bucket{Label: label, UpTo: int64(b.UpTo), Count: b.Count})
	}

	dump := rt.TaskDump()
	slices.SortFunc(dump, func(a, b asyncrt.TaskInfo) int { return cmp.Compare(a.ID, b.ID) })
	live := make(map[uint64]*asyncrt.TaskInfo, len(dump))
	for i := range dump {
		live[dump[i].ID] = &dump[i]
	}
	s.TasksTotal = len(dump)
	s.Tasks = make([]Task, 0, min(len(dump), maxTasks))
	for _, ti := range dump[:min(len(dump), maxTasks)] {
		s.Tasks = append(s.Tasks, Task{
			ID: ti.ID, Name: ti.Name, Function: ti.Function, Location: location(ti.File, ti.Line),
			State: ti.State.String(), Blocking: ti.Blocking, Aborted: ti.Aborted,
			Polls: ti.Polls, Wakes: ti.Wakes, SelfWakes: ti.SelfWakes,
			LiveWakers: ti.LiveWakers, LostWaker: ti.LostWaker,
			Busy: int64(ti.Busy + ti.Polling), Idle: int64(max(ti.Idle-ti.Polling, 0)), Age: int64(ti.Age),
			Polling: int64(ti.Polling),
		})
	}
	s.Warnings = warnings(rt.Diagnostics(0), dump, live, thr, now)
	return s
}

// warnings aggregates the detectors' recent reports per task and kind, and
// adds the patterns seen in the live tasks' counters.
func warnings(diags []asyncrt.Diagnostic, dump []asyncrt.TaskInfo, live map[uint64]*asyncrt.TaskInfo, thr time.Duration, now time.Time) []Warning {
	type key struct {
		kind asyncrt.DiagnosticKind
		task uint64
	}
	var out []Warning
	index := map[key]int{}
	for _, d := range diags {
		k := key{d.Kind, d.TaskID}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			w := Warning{
				Kind: d.Kind.String(), TaskID: d.TaskID, TaskName: d.TaskName,
				Function: d.Function, Location: location(d.File, d.Line),
			}
			_, w.Live = live[d.TaskID]
			out = append(out, w)
		}
		w := &out[i]
		w.Last = d.Time
		switch d.Kind {
		case asyncrt.LongPoll:
			w.Duration = max(w.Duration, int64(d.Duration))
			if d.Ongoing {
				w.Ongoing = true
			} else {
				w.Count++ // a poll is counted when it ends
				w.Ongoing = false
			}
		case asyncrt.LostWaker:
			w.Count = 1
			w.Ongoing = w.Live
		}
	}
	for i := range out {
		w := &out[i]
		switch w.Kind {
		case asyncrt.LongPoll.String():
			if w.Ongoing {
				if ti := live[w.TaskID]; ti != nil && ti.Polling > 0 {
					w.Duration = max(w.Duration, int64(ti.Polling))
				} else if ti == nil {
					w.Ongoing = false // the runtime closed under it
				}
				w.Count++
			}
			w.Checks = longPollChecks
			w.Message = longPollMessage(w)
		case asyncrt.LostWaker.String():
			w.Checks = lostWakerChecks
			w.Message = "returned Pending and no waker of it is reachable any more: it will never be polled again. A future returned Pending without keeping cx.Waker() where its event will wake it."
		}
	}
	// A lost waker reported before the last 256 reports still shows.
	for _, ti := range dump {
		if _, ok := index[key{asyncrt.LostWaker, ti.ID}]; ti.LostWaker && !ok {
			out = append(out, Warning{
				Kind: asyncrt.LostWaker.String(), TaskID: ti.ID, TaskName: ti.Name,
				Function: ti.Function, Location: location(ti.File, ti.Line),
				Count: 1, Ongoing: true, Live: true, Checks: lostWakerChecks,
				Message: "returned Pending and no waker of it is reachable any more: it will never be polled again.",
			})
		}
	}
	if thr <= 0 {
		thr = neverYieldedDefault
	}
	for _, ti := range dump {
		base := Warning{TaskID: ti.ID, TaskName: ti.Name, Function: ti.Function,
			Location: location(ti.File, ti.Line), Ongoing: true, Live: true, Last: now}
		if ti.Polls == 0 && ti.Polling >= thr {
			w := base
			w.Kind, w.Duration, w.Checks = "never-yielded", int64(ti.Polling), neverYieldedChecks
			w.Message = "has run for " + shortDuration(int64(ti.Polling)) + " since its first poll began and has not yielded once: every task queued on its worker waits. Something in it blocks or computes without an await."
			out = append(out, w)
		}
		if ti.Wakes >= selfWakeMinWakes && ti.SelfWakes*2 > ti.Wakes {
			w := base
			w.Kind, w.Count, w.Checks = "self-wakes", int(ti.SelfWakes), selfWakeChecks
			w.Message = fmt.Sprintf("woke itself in %d of its %d wakes (%d%%): it is polling in a loop (Yield, or a future waking its own waker) instead of waiting for an event. Wait on a Notify, a channel or a timer.",
				ti.SelfWakes, ti.Wakes, ti.SelfWakes*100/ti.Wakes)
			out = append(out, w)
		}
	}
	slices.SortStableFunc(out, func(a, b Warning) int { return b.Last.Compare(a.Last) })
	return out
}

func longPollMessage(w *Warning) string {
	d := shortDuration(w.Duration)
	polls := "1 poll"
	if w.Count != 1 {
		polls = strconv.Itoa(w.Count) + " polls"
	}
	if w.Ongoing {
		return "has held its worker for " + d + " without yielding and still does (" + polls + " over the threshold): every task queued behind it waits. A blocking call (time.Sleep, a sync lock, blocking I/O) runs inside the task: await an asyncrt future instead, or move the work to SpawnBlocking."
	}
	return "held its worker for up to " + d + " without yielding (" + polls + " over the threshold). A blocking call (time.Sleep, a sync lock, blocking I/O) runs inside the task: await an asyncrt future instead, or move the work to SpawnBlocking."
}

func location(file string, line int) string {
	if file == "" {
		return ""
	}
	return file + ":" + strconv.Itoa(line)
}

// shortDuration formats d with two or three significant digits: 1µs, 16µs,
// 4.2ms, 1.07s.
func shortDuration(ns int64) string {
	d := time.Duration(ns)
	switch {
	case d < time.Microsecond:
		return strconv.FormatInt(ns, 10) + "ns"
	case d < time.Millisecond:
		return trim(float64(d)/float64(time.Microsecond)) + "µs"
	case d < time.Second:
		return trim(float64(d)/float64(time.Millisecond)) + "ms"
	}
	return trim(d.Seconds()) + "s"
}

func trim(v float64) string {
	if v >= 10 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
}

func writeJSON(w io.Writer, s *Snapshot) error {
	return json.NewEncoder(w).Encode(s)
}
