package console

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/asynclint/asynclint/asyncrt"
)

// The browser tests drive the page in a real headless Chromium (Debian's
// chromium package; .ci/run installs it). ASYNCRT_CHROMIUM overrides the
// binary's path. Without Chromium they skip, except under CI=true, where
// they fail: CI must not pass by testing nothing.
//
// ASYNCRT_CONSOLE_SCREENSHOT=path also copies the screenshot there (how
// docs/console.png is made).

func chromiumPath(t *testing.T) string {
	p := os.Getenv("ASYNCRT_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(p); err != nil {
		msg := fmt.Sprintf("Chromium not found at %s (%v): install Debian's chromium (apt-get install -y chromium) or set ASYNCRT_CHROMIUM to run the browser tests", p, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// browser starts a fresh headless Chromium and opens a tab; it records the
// page's JavaScript exceptions and dialogs, which no test expects.
type browser struct {
	ctx     context.Context
	mu      sync.Mutex
	dialogs []string
	errors  []string
}

func newBrowser(t *testing.T) *browser {
	exe := chromiumPath(t)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 960),
	)
	b := &browser{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := fmt.Sprintf("%s at %s:%d:%d", d.Text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
			if d.Exception != nil {
				msg += ": " + d.Exception.Description
			}
			b.errors = append(b.errors, msg)
		}
	}))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first Run starts the browser: not under a timeout (see chromedp.Run).
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	b.ctx = ctx
	return b
}

// check fails the test if the page raised an exception or opened a dialog.
func (b *browser) check(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.dialogs) > 0 {
		t.Errorf("the page opened dialogs: %q", b.dialogs)
	}
	if len(b.errors) > 0 {
		t.Errorf("JavaScript exceptions: %q", b.errors)
	}
}

func run[T any](t *testing.T, b *browser, d time.Duration, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// waitFor waits until the JavaScript expression is true; the page updates
// from the event stream, so this is the test waiting, not the page polling.
func waitFor(t *testing.T, b *browser, what, expr string, d time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	ctx, cancel := context.WithTimeout(b.ctx, d+5*time.Second)
	defer cancel()
	for {
		left := d - time.Since(start)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(max(left, time.Millisecond)), chromedp.WithPollingInterval(10*time.Millisecond)))
		if err == nil {
			return time.Since(start)
		}
		// Right after a navigation Chrome may replace the page's JavaScript
		// context under a running evaluation ("Cannot find context with
		// specified id"); that is the browser settling, not the page
		// failing, so evaluate again in the new context.
		if strings.Contains(err.Error(), "Cannot find context") && time.Since(start) < d {
			continue
		}
		t.Fatalf("%s: not seen within %v: %v", what, d, err)
	}
}

type row struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Loc   string `json:"loc"`
	State string `json:"state"`
	HTML  string `json:"html"`
}

func TestBrowser(t *testing.T) {
	chromiumPath(t) // skip before starting anything
	rt := newRuntime(t)
	var n asyncrt.Notify
	defer n.NotifyWaiters()
	names := map[uint64]string{}
	for _, name := range []string{"fetch-orders", "price-cache", hostileName} {
		names[waiter(rt, name, &n)] = name
	}
	// Some traffic, so that polls per second and the histogram show.
	ticker := asyncrt.SpawnNamed(rt, "ticker", asyncrt.Async(func(co *asyncrt.Co) struct{} {
		for {
			asyncrt.Await(co, asyncrt.Sleep(2*time.Millisecond))
		}
	}))
	defer ticker.Abort()
	srv := serve(t, rt)
	// Started after the server, so closed before it (cleanups run last
	// first): the page's event stream ends before the server waits for it.
	b := newBrowser(t)
	run(t, b, 10*time.Second, chromedp.Navigate(srv.URL+"/debug/asyncrt/"))
	run(t, b, 10*time.Second, chromedp.WaitReady("#tasks"))
	waitFor(t, b, "first update", `document.body.dataset.updates >= 1`, 5*time.Second)

	t.Run("lists the tasks", func(t *testing.T) {
		rows := run(t, b, 5*time.Second, chromedp.Evaluate[[]row](`Array.from(document.querySelectorAll('#tasks tbody tr')).map(tr => ({
			id: tr.dataset.taskId, name: tr.cells[1].textContent, loc: tr.cells[2].textContent, state: tr.cells[3].textContent, html: tr.cells[1].innerHTML}))`))
		seen := map[string]row{}
		for _, r := range rows {
			seen[r.ID] = r
		}
		for id, name := range names {
			r, ok := seen[fmt.Sprint(id)]
			if !ok {
				t.Errorf("task %d (%s) not in the table: %+v", id, name, rows)
				continue
			}
			if r.Name != name || r.State != "idle" || !strings.Contains(r.Loc, "helpers_test.go:") {
				t.Errorf("task %d row = %+v", id, r)
			}
		}
		if len(rows) != len(names)+1 {
			t.Errorf("%d rows, want %d (the waiters and the ticker)", len(rows), len(names)+1)
		}
	})

	t.Run("hostile name is text", func(t *testing.T) {
		var id uint64
		for i, name := range names {
			if name == hostileName {
				id = i
			}
		}
		r := run(t, b, 5*time.Second, chromedp.Evaluate[row](fmt.Sprintf(`(() => { const tr = document.querySelector('#tasks tr[data-task-id="%d"]');
			return {name: tr.cells[1].textContent, html: tr.cells[1].innerHTML}; })()`, id)))
		if r.Name != hostileName || !strings.Contains(r.HTML, "&lt;script&gt;") {
			t.Errorf("hostile name rendered as %+v", r)
		}
		scripts := run(t, b, 5*time.Second, chromedp.Evaluate[int](`document.querySelectorAll('main script, #tasks script').length`))
		if scripts != 0 {
			t.Errorf("%d script elements in the page body", scripts)
		}
		b.check(t)
	})

	t.Run("sorts", func(t *testing.T) {
		// Name ascending, then descending on a second click.
		first := func() string {
			return run(t, b, 5*time.Second, chromedp.Evaluate[string](`document.querySelector('#tasks tbody tr').cells[1].textContent`))
		}
		run(t, b, 5*time.Second, chromedp.Evaluate[chromedp.Void](`document.querySelector('th[data-key="name"]').click()`))
		if got := first(); got != hostileName { // '<' sorts before letters
			t.Errorf("first by name ascending = %q", got)
		}
		run(t, b, 5*time.Second, chromedp.Evaluate[chromedp.Void](`document.querySelector('th[data-key="name"]').click()`))
		if got := first(); got != "ticker" {
			t.Errorf("first by name descending = %q", got)
		}
		// The order survives an update.
		u := run(t, b, 5*time.Second, chromedp.Evaluate[int](`+document.body.dataset.updates`))
		waitFor(t, b, "next update", fmt.Sprintf(`+document.body.dataset.updates > %d`, u), 3*time.Second)
		if got := first(); got != "ticker" {
			t.Errorf("after an update, first = %q", got)
		}
	})

	t.Run("long poll within a second", func(t *testing.T) {
		id := spawnSleeper(rt, "sleeps-on-worker", 1500*time.Millisecond)
		sel := fmt.Sprintf(`#warnings li[data-kind="long-poll"][data-task-id="%d"]`, id)
		took := waitFor(t, b, "long-poll warning", fmt.Sprintf(`document.querySelector('%s') !== null`, sel), time.Second)
		t.Logf("long-poll warning shown %v after the spawn", took)
		type warning struct {
			Text  string   `json:"text"`
			Links []string `json:"links"`
		}
		w := run(t, b, 5*time.Second, chromedp.Evaluate[warning](fmt.Sprintf(`(() => { const li = document.querySelector('%s');
			return {text: li.textContent, links: Array.from(li.querySelectorAll('a')).map(a => a.href)}; })()`, sel)))
		if !strings.Contains(w.Text, "sleeps-on-worker") || !strings.Contains(w.Text, "helpers_test.go:") {
			t.Errorf("warning text = %q", w.Text)
		}
		if len(w.Links) == 0 || w.Links[0] != docsURL+"blocking.md" {
			t.Errorf("warning links = %q, want blocking.md first", w.Links)
		}
		waitFor(t, b, "never-yielded warning", fmt.Sprintf(`document.querySelector('#warnings li[data-kind="never-yielded"][data-task-id="%d"]') !== null`, id), time.Second)
	})

	t.Run("lost waker", func(t *testing.T) {
		id := spawnForgetful(rt, "forgets-its-waker")
		sel := fmt.Sprintf(`#warnings li[data-kind="lost-waker"][data-task-id="%d"]`, id)
		waitFor(t, b, "lost-waker warning", fmt.Sprintf(`document.querySelector('%s') !== null`, sel), 2*time.Second)
		link := run(t, b, 5*time.Second, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector('%s a').href`, sel)))
		if link != docsURL+"missingwake.md" {
			t.Errorf("lost-waker link = %q", link)
		}
	})

	t.Run("screenshot", func(t *testing.T) {
		// Back to sorting by id for a tidy picture.
		run(t, b, 5*time.Second, chromedp.Evaluate[chromedp.Void](`document.querySelector('th[data-key="id"]').click()`))
		shot := run(t, b, 10*time.Second, chromedp.CaptureScreenshot())
		path := filepath.Join(t.TempDir(), "console.png")
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		if colors := distinctColors(img, 64); colors < 16 {
			t.Errorf("screenshot %s looks blank: %d distinct colours", path, colors)
		}
		t.Logf("screenshot: %s (%d bytes, %v)", path, len(shot), img.Bounds().Size())
		if dst := os.Getenv("ASYNCRT_CONSOLE_SCREENSHOT"); dst != "" {
			if err := os.WriteFile(dst, shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
	b.check(t)
}

// distinctColors counts the colours in img, stopping at limit.
func distinctColors(img image.Image, limit int) int {
	seen := map[[4]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			c0, c1, c2, c3 := img.At(x, y).RGBA()
			seen[[4]uint32{c0, c1, c2, c3}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}
