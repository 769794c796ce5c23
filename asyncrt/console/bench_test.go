package console

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/asynclint/asynclint/asyncrt"
)

// BenchmarkConsoleOverhead measures what the console costs the runtime:
// the runtime benchmarks spawn+join and ping-pong (as in
// asyncrt/bench_test.go), with the console
//
//   - unmounted: no console at all (the baseline);
//   - mounted: Handler(rt) served by an HTTP server, no client connected
//     (the target: under 5% over unmounted);
//   - watched: one client reading the event stream.
//
// All three in the same run; docs/performance.md records the figures.
func BenchmarkConsoleOverhead(b *testing.B) {
	for _, bench := range []struct {
		name string
		fn   func(b *testing.B, rt *asyncrt.Runtime)
	}{{"spawn-join", spawnJoin}, {"ping-pong", pingPong}} {
		for _, mode := range []string{"unmounted", "mounted", "watched"} {
			b.Run(bench.name+"/"+mode, func(b *testing.B) {
				rt := asyncrt.New(asyncrt.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
				defer rt.Close()
				if mode != "unmounted" {
					mux := http.NewServeMux()
					mux.Handle("/debug/asyncrt/", Handler(rt))
					srv := httptest.NewServer(mux)
					defer srv.Close()
					if mode == "watched" {
						stop := watch(b, srv.URL+"/debug/asyncrt/events")
						defer stop()
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				bench.fn(b, rt)
			})
		}
	}
}

// watch connects an event-stream client that reads until stopped.
func watch(b *testing.B, url string) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	r := bufio.NewReader(resp.Body)
	if _, err := r.ReadString('\n'); err != nil { // the first event has begun
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(io.Discard, r)
	}()
	return func() {
		cancel()
		resp.Body.Close()
		<-done
	}
}

type readyFuture struct{}

func (readyFuture) Poll(*asyncrt.Context) asyncrt.Poll[int] { return asyncrt.Ready(1) }

// spawnJoin: one op is one trivial task spawned and joined, 1024 at a time.
func spawnJoin(b *testing.B, rt *asyncrt.Runtime) {
	const batch = 1024
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		hs := make([]*asyncrt.JoinHandle[int], batch)
		sum := 0
		for done := 0; done < b.N; done += batch {
			k := min(batch, b.N-done)
			for i := range k {
				hs[i] = asyncrt.Spawn(co, asyncrt.Future[int](readyFuture{}))
			}
			for _, h := range hs[:k] {
				v, _ := h.Join(co)
				sum += v
			}
		}
		return sum
	}))
}

// pingPong: one op is one hand-off between two tasks that wake each other.
func pingPong(b *testing.B, rt *asyncrt.Runtime) {
	pp := &game{n: int64(b.N)}
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		h1 := asyncrt.Spawn(co, asyncrt.Future[struct{}](&player{g: pp, me: 0}))
		h2 := asyncrt.Spawn(co, asyncrt.Future[struct{}](&player{g: pp, me: 1}))
		h1.Join(co)
		h2.Join(co)
		return struct{}{}
	}))
}

type game struct {
	n      int64
	count  atomic.Int64
	turn   atomic.Int32
	wakers [2]atomic.Pointer[asyncrt.Waker]
}

type player struct {
	g  *game
	me int32
}

func (p *player) Poll(cx *asyncrt.Context) asyncrt.Poll[struct{}] {
	g := p.g
	if g.wakers[p.me].Load() == nil {
		g.wakers[p.me].Store(cx.Waker())
	}
	for g.turn.Load() == p.me {
		over := g.count.Load() >= g.n
		if !over {
			g.count.Add(1)
		}
		g.turn.Store(1 - p.me)
		if w := g.wakers[1-p.me].Load(); w != nil {
			w.Wake()
		}
		if over {
			return asyncrt.Ready(struct{}{})
		}
	}
	if g.count.Load() >= g.n {
		return asyncrt.Ready(struct{}{})
	}
	return asyncrt.Pending[struct{}]()
}
