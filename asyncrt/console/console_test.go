package console

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/internal/checkdoc"
)

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func snapshot(t *testing.T, srv string) *Snapshot {
	t.Helper()
	resp, body := get(t, srv+"/debug/asyncrt/snapshot.json")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("snapshot.json: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	var s Snapshot
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatalf("snapshot.json: %v\n%s", err, body)
	}
	return &s
}

func findTask(s *Snapshot, id uint64) *Task {
	for i := range s.Tasks {
		if s.Tasks[i].ID == id {
			return &s.Tasks[i]
		}
	}
	return nil
}

func findWarning(s *Snapshot, kind string, id uint64) *Warning {
	for i := range s.Warnings {
		if s.Warnings[i].Kind == kind && s.Warnings[i].TaskID == id {
			return &s.Warnings[i]
		}
	}
	return nil
}

func TestPageAndAssets(t *testing.T) {
	srv := serve(t, newRuntime(t))
	resp, body := get(t, srv.URL+"/debug/asyncrt/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("page: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`<script src="console.js" defer></script>`, `href="console.css"`, `id="tasks"`, `id="warnings"`, `id="histogram"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// Self-contained: nothing is loaded from another origin.
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "//cdn") {
		t.Errorf("page refers to another origin:\n%s", body)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	for name, ctype := range map[string]string{"console.js": "text/javascript", "console.css": "text/css"} {
		resp, body := get(t, srv.URL+"/debug/asyncrt/"+name)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) || len(body) < 500 {
			t.Errorf("%s: %s %q, %d bytes", name, resp.Status, resp.Header.Get("Content-Type"), len(body))
		}
	}
	if resp, _ := get(t, srv.URL+"/debug/asyncrt/nothing-here"); resp.StatusCode != 404 {
		t.Errorf("unknown path: %s, want 404", resp.Status)
	}
}

// The program name in the page comes from argv[0]: html/template escapes it.
func TestPageEscapesProgramName(t *testing.T) {
	var b strings.Builder
	if err := indexTmpl.Execute(&b, struct {
		Program string
		PID     int
	}{hostileName, 1}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), hostileName) || !strings.Contains(b.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("program name not escaped:\n%s", b.String())
	}
}

func TestOnlyGET(t *testing.T) {
	srv := serve(t, newRuntime(t))
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"} {
		for _, p := range []string{"", "snapshot.json", "events"} {
			req, _ := http.NewRequest(method, srv.URL+"/debug/asyncrt/"+p, strings.NewReader("x=1"))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET" {
				t.Errorf("%s /%s: %s, Allow %q; want 405, Allow GET", method, p, resp.Status, resp.Header.Get("Allow"))
			}
		}
	}
}

func TestSnapshotJSON(t *testing.T) {
	rt := newRuntime(t)
	var n asyncrt.Notify
	defer n.NotifyWaiters()
	plain := waiter(rt, "fetch-orders", &n)
	hostile := waiter(rt, hostileName, &n)
	srv := serve(t, rt)

	resp, body := get(t, srv.URL+"/debug/asyncrt/snapshot.json")
	if resp.StatusCode != 200 {
		t.Fatal(resp.Status)
	}
	// encoding/json escapes <, > and &: the raw name never appears, even
	// if a client wrongly served the JSON as HTML.
	if strings.Contains(body, "<script>") {
		t.Errorf("raw markup in JSON:\n%s", body)
	}
	var s Snapshot
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	if s.Summary.Workers != 2 || len(s.Summary.LocalQueueDepths) != 2 || s.Summary.LongPollThreshold != int64(testThreshold) {
		t.Errorf("summary = %+v", s.Summary)
	}
	if s.Summary.TasksLive < 2 || s.TasksTotal != s.Summary.TasksLive && s.TasksTotal < 2 {
		t.Errorf("live tasks: summary %d, total %d", s.Summary.TasksLive, s.TasksTotal)
	}
	if len(s.Histogram) != 22 || s.Histogram[0].Label != "< 1µs" || s.Histogram[21].UpTo != 0 || !strings.HasPrefix(s.Histogram[21].Label, "≥ ") {
		t.Errorf("histogram = %+v", s.Histogram)
	}
	var polls uint64
	for _, b := range s.Histogram {
		polls += b.Count
	}
	if polls != s.Summary.Polls {
		t.Errorf("histogram counts %d polls, summary %d", polls, s.Summary.Polls)
	}
	for id, name := range map[uint64]string{plain: "fetch-orders", hostile: hostileName} {
		task := findTask(&s, id)
		if task == nil {
			t.Fatalf("task %d (%s) missing from %+v", id, name, s.Tasks)
		}
		if task.Name != name || task.State != "idle" || task.Polls < 1 || task.LiveWakers < 1 ||
			!strings.Contains(task.Location, "helpers_test.go:") || !strings.HasSuffix(task.Function, ".waiter") {
			t.Errorf("task %d = %+v", id, task)
		}
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings with nothing wrong: %+v", s.Warnings)
	}
}

func TestLongPollWarning(t *testing.T) {
	rt := newRuntime(t)
	srv := serve(t, rt)
	id := spawnSleeper(rt, "sleepy", 200*time.Millisecond)

	// While it sleeps: an ongoing long poll, and a task that never yielded.
	var s *Snapshot
	if !eventually(2*time.Second, func() bool {
		s = snapshot(t, srv.URL)
		return findWarning(s, "long-poll", id) != nil && findWarning(s, "never-yielded", id) != nil
	}) {
		t.Fatalf("no long-poll and never-yielded warnings for task %d: %+v", id, s.Warnings)
	}
	w := findWarning(s, "long-poll", id)
	if !w.Ongoing || !w.Live || w.TaskName != "sleepy" || w.Duration < int64(testThreshold) ||
		!strings.Contains(w.Location, "helpers_test.go:") || !strings.Contains(w.Message, "still does") {
		t.Errorf("ongoing long poll = %+v", w)
	}
	if len(w.Checks) == 0 || w.Checks[0].URL != checkdoc.DocsURL+"blocking.md" {
		t.Errorf("long poll links %+v, want blocking.md first", w.Checks)
	}
	ny := findWarning(s, "never-yielded", id)
	if task := findTask(s, id); task == nil || task.State != "running" || task.Polls != 0 || task.Polling < int64(testThreshold) || ny.Duration != task.Polling {
		t.Errorf("sleeping task = %+v, never-yielded = %+v", task, ny)
	}

	// After it returns: one long poll, no longer ongoing, of about 200ms.
	if !eventually(2*time.Second, func() bool {
		s = snapshot(t, srv.URL)
		w = findWarning(s, "long-poll", id)
		return w != nil && !w.Ongoing
	}) {
		t.Fatalf("long poll still ongoing: %+v", w)
	}
	if w.Count != 1 || w.Duration < int64(200*time.Millisecond) || w.Live || !strings.Contains(w.Message, "up to") {
		t.Errorf("ended long poll = %+v", w)
	}
	if findWarning(s, "never-yielded", id) != nil {
		t.Errorf("a finished task is still reported as never yielded")
	}
}

func TestLostWakerWarning(t *testing.T) {
	rt := newRuntime(t)
	srv := serve(t, rt)
	id := spawnForgetful(rt, "forgets-waker")
	var s *Snapshot
	if !eventually(2*time.Second, func() bool {
		s = snapshot(t, srv.URL)
		return findWarning(s, "lost-waker", id) != nil
	}) {
		t.Fatalf("no lost-waker warning: %+v", s.Warnings)
	}
	w := findWarning(s, "lost-waker", id)
	if !w.Live || !w.Ongoing || w.TaskName != "forgets-waker" || len(w.Checks) != 1 || w.Checks[0].URL != checkdoc.DocsURL+"missingwake.md" {
		t.Errorf("lost waker = %+v", w)
	}
	if task := findTask(s, id); task == nil || !task.LostWaker || task.LiveWakers != 0 || task.State != "idle" {
		t.Errorf("task = %+v", task)
	}
}

func TestSelfWakeWarning(t *testing.T) {
	rt := newRuntime(t)
	srv := serve(t, rt)
	var n asyncrt.Notify
	defer n.NotifyWaiters()
	spinner := spawnSpinner(rt, "spinner", 50, &n)
	calm := spawnSpinner(rt, "calm", 5, &n) // too few wakes to judge
	var s *Snapshot
	if !eventually(2*time.Second, func() bool {
		s = snapshot(t, srv.URL)
		return findWarning(s, "self-wakes", spinner) != nil
	}) {
		t.Fatalf("no self-wakes warning: %+v", s.Warnings)
	}
	if w := findWarning(s, "self-wakes", spinner); w.Count != 50 || !strings.Contains(w.Message, "50 of its 50 wakes") || !strings.HasSuffix(w.Checks[0].URL, "console.md#tasks-that-mostly-wake-themselves") {
		t.Errorf("self-wakes = %+v", w)
	}
	if w := findWarning(s, "self-wakes", calm); w != nil {
		t.Errorf("task with 5 wakes reported: %+v", w)
	}
}

func TestEventStream(t *testing.T) {
	rt := newRuntime(t)
	var n asyncrt.Notify
	defer n.NotifyWaiters()
	id := waiter(rt, "streamed", &n)
	srv := serve(t, rt)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/debug/asyncrt/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("Content-Type = %q", resp.Header.Get("Content-Type"))
	}
	// Two events, to see that the stream goes on after the first.
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	var events []Snapshot
	var event string
	for len(events) < 2 && sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if event != "snapshot" {
				t.Fatalf("data for event %q", event)
			}
			var s Snapshot
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &s); err != nil {
				t.Fatal(err)
			}
			events = append(events, s)
		case line == "":
			event = ""
		default:
			t.Fatalf("unexpected line %q", line)
		}
	}
	if len(events) < 2 {
		t.Fatalf("got %d events: %v", len(events), sc.Err())
	}
	if task := findTask(&events[0], id); task == nil || task.Name != "streamed" {
		t.Errorf("first event lacks the task: %+v", events[0].Tasks)
	}
	if !events[1].Time.After(events[0].Time) {
		t.Errorf("events at %v then %v", events[0].Time, events[1].Time)
	}
}

// The console links to the same pages as the analyzers' URLs, and the
// pages exist.
func TestDocsLinks(t *testing.T) {
	if docsURL != checkdoc.DocsURL {
		t.Fatalf("docsURL = %q, checkdoc.DocsURL = %q", docsURL, checkdoc.DocsURL)
	}
	for _, cs := range [][]Check{longPollChecks, lostWakerChecks, neverYieldedChecks, selfWakeChecks} {
		for _, c := range cs {
			page, anchor, _ := strings.Cut(strings.TrimPrefix(c.URL, docsURL), "#")
			b, err := os.ReadFile(filepath.Join("..", "..", "docs", page))
			if err != nil {
				t.Errorf("%s: %v", c.Name, err)
				continue
			}
			if anchor != "" && !strings.Contains(strings.ToLower(string(b)), "## "+strings.ReplaceAll(anchor, "-", " ")) {
				t.Errorf("%s has no section #%s", page, anchor)
			}
		}
	}
}

func TestShortDuration(t *testing.T) {
	for ns, want := range map[int64]string{
		999: "999ns", 1024: "1µs", 4096: "4.1µs", 16384: "16µs", 4_194_304: "4.2ms",
		int64(10 * time.Millisecond): "10ms", int64(1_073_741_824): "1.1s",
	} {
		if got := shortDuration(ns); got != want {
			t.Errorf("shortDuration(%d) = %q, want %q", ns, got, want)
		}
	}
}

// An open event stream must not hold http.Server.Shutdown, which waits for
// active requests without cancelling them.
func TestEventStreamEndsOnShutdown(t *testing.T) {
	rt := newRuntime(t)
	mux := http.NewServeMux()
	mux.Handle("/debug/asyncrt/", Handler(rt))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	resp, err := http.Get("http://" + ln.Addr().String() + "/debug/asyncrt/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown with a stream open: %v after %v", err, time.Since(start))
	}
}
