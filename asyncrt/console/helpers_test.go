package console

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// hostileName is a task name that would run script if it reached markup.
const hostileName = `<script>alert(1)</script>`

// testThreshold is the long-poll threshold of the test runtimes: short, so
// that tests wait little, and well above scheduling noise.
const testThreshold = 20 * time.Millisecond

func newRuntime(t testing.TB, opts ...asyncrt.Option) *asyncrt.Runtime {
	t.Helper()
	quiet := asyncrt.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	rt := asyncrt.New(append([]asyncrt.Option{asyncrt.WithWorkers(2), asyncrt.WithLongPollThreshold(testThreshold), quiet}, opts...)...)
	t.Cleanup(func() { rt.Close() })
	return rt
}

// serve mounts the console the way the docs say and serves it.
func serve(t testing.TB, rt *asyncrt.Runtime) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/debug/asyncrt/", Handler(rt))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// waiter spawns a task that waits on n: idle, with a live waker.
func waiter(rt *asyncrt.Runtime, name string, n *asyncrt.Notify) uint64 {
	h := asyncrt.SpawnNamed(rt, name, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		n.Wait(co)
		return struct{}{}
	}))
	id := idOf(rt, h, name)
	// Registered is not yet parked: wait for the first poll to return, so
	// that snapshots see an idle task with a live waker.
	parked := eventually(5*time.Second, func() bool {
		for _, ti := range rt.TaskDump() {
			if ti.ID == id {
				return ti.Polls >= 1 && ti.State == asyncrt.TaskIdle
			}
		}
		return false
	})
	if !parked {
		panic("task " + name + " never parked on its Notify")
	}
	return id
}

// forgetful returns Pending without keeping the waker: the missingwake bug.
type forgetful struct{}

func (forgetful) Poll(*asyncrt.Context) asyncrt.Poll[struct{}] { return asyncrt.Pending[struct{}]() }

func spawnForgetful(rt *asyncrt.Runtime, name string) uint64 {
	return idOf(rt, asyncrt.SpawnNamed(rt, name, asyncrt.Future[struct{}](forgetful{})), name)
}

// spawnSleeper spawns a task that blocks its worker in time.Sleep: the
// blocking bug.
func spawnSleeper(rt *asyncrt.Runtime, name string, d time.Duration) uint64 {
	return idOf(rt, asyncrt.SpawnNamed(rt, name, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		time.Sleep(d)
		return struct{}{}
	})), name)
}

// spawnSpinner spawns a task that yields yields times, then waits on n:
// almost all of its wakes are its own.
func spawnSpinner(rt *asyncrt.Runtime, name string, yields int, n *asyncrt.Notify) uint64 {
	return idOf(rt, asyncrt.SpawnNamed(rt, name, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		for range yields {
			asyncrt.Yield(co)
		}
		n.Wait(co)
		return struct{}{}
	})), name)
}

// idOf finds the id of the live task named name (names are unique in these
// tests); the JoinHandle does not expose it.
func idOf[T any](rt *asyncrt.Runtime, h *asyncrt.JoinHandle[T], name string) uint64 {
	for range 1000 {
		for _, ti := range rt.TaskDump() {
			if ti.Name == name {
				return ti.ID
			}
		}
		if h.IsFinished() {
			break
		}
		time.Sleep(time.Millisecond)
	}
	panic("no live task named " + name)
}

// eventually polls cond until it holds or d passes.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}
