package asyncrt

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// logRecorder is a slog.Handler that keeps the records for assertions.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.records = append(l.records, r.Clone())
	l.mu.Unlock()
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

// find returns the attributes of the first record whose message contains msg.
func (l *logRecorder) find(msg string) (map[string]string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.records {
		if strings.Contains(r.Message, msg) {
			attrs := map[string]string{"msg": r.Message}
			r.Attrs(func(a slog.Attr) bool {
				attrs[a.Key] = a.Value.String()
				return true
			})
			return attrs, true
		}
	}
	return nil, false
}

func (l *logRecorder) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.records {
		if strings.Contains(r.Message, msg) {
			n++
		}
	}
	return n
}

// newTestRuntime returns a runtime whose diagnostics go to a recorder and
// that is closed (and checked for leaked goroutines) when the test ends.
func newTestRuntime(t testing.TB, opts ...Option) (*Runtime, *logRecorder) {
	t.Helper()
	rec := &logRecorder{}
	rt := New(append([]Option{WithLogger(slog.New(rec))}, opts...)...)
	t.Cleanup(func() {
		if err := rt.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return rt, rec
}

// within fails the test if f does not return within d: every test that
// could hang on a runtime bug is bounded.
func within(t testing.TB, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Fatalf("did not finish within %v; goroutines:\n%s", d, buf[:n])
	}
}

// eventually polls cond until it holds or d elapses.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// mustPanic runs f and returns the panic message, failing if f returns.
func mustPanic(t testing.TB, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("expected a panic")
		}
		switch v := r.(type) {
		case string:
			msg = v
		case error:
			msg = v.Error()
		default:
			msg = "non-string panic"
		}
	}()
	f()
	return ""
}

// pollFn adapts a function to a Future.
type pollFn[T any] func(cx *Context) Poll[T]

func (f pollFn[T]) Poll(cx *Context) Poll[T] { return f(cx) }

// gate is a hand-written future that becomes ready when opened, keeping the
// waker as a well-behaved future must.
type gate struct {
	mu    sync.Mutex
	open  bool
	waker *Waker
	polls int
}

func (g *gate) Poll(cx *Context) Poll[struct{}] {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.polls++
	if g.open {
		return Ready(struct{}{})
	}
	g.waker = cx.Waker()
	return Pending[struct{}]()
}

func (g *gate) Open() {
	g.mu.Lock()
	g.open = true
	w := g.waker
	g.waker = nil
	g.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

func (g *gate) pollCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.polls
}

// goroutineBaseline waits for the goroutine count to come back to base.
func checkGoroutines(t testing.TB, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("goroutines leaked: %d now, %d before\n%s", runtime.NumGoroutine(), base, buf[:n])
		}
		time.Sleep(5 * time.Millisecond)
	}
}
