package asyncrt_test

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// fetchAfter is an async function standing for a request that takes d.
func fetchAfter(d time.Duration, body string) asyncrt.Future[string] {
	return asyncrt.Async(func(co *asyncrt.Co) string {
		asyncrt.Await(co, asyncrt.Sleep(d))
		return body
	})
}

// Select waits for the first of several futures of different types; the
// others are dropped (an async function unwinds, its defers run).
func ExampleSelect() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		slow := asyncrt.Async(func(co *asyncrt.Co) string {
			defer fmt.Println("slow request cancelled")
			asyncrt.Await(co, asyncrt.Sleep(time.Minute))
			return "late"
		})
		switch asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(slow, func(body string) { fmt.Println("got", body) }),
			asyncrt.Case(asyncrt.Sleep(time.Second), nil),
		)) {
		case 1:
			fmt.Println("timed out")
		}
		return struct{}{}
	}))
	// Output:
	// slow request cancelled
	// timed out
}

// JoinAll runs futures concurrently inside one task; the values come back
// in argument order.
func ExampleJoinAll() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	vs := asyncrt.BlockOn(rt, asyncrt.JoinAll(
		fetchAfter(3*time.Second, "a"),
		fetchAfter(time.Second, "b"),
		fetchAfter(2*time.Second, "c"),
	))
	fmt.Println(vs, rt.Now().Sub(time.Unix(0, 0)))
	// Output: [a b c] 3s
}

// TryJoinAll stops at the first error and cancels the rest.
func ExampleTryJoinAll() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	step := func(d time.Duration, err error) asyncrt.Future[asyncrt.Result[int]] {
		return asyncrt.Async(func(co *asyncrt.Co) asyncrt.Result[int] {
			defer fmt.Println("step of", d, "ended")
			asyncrt.Await(co, asyncrt.Sleep(d))
			return asyncrt.Result[int]{Value: int(d / time.Second), Err: err}
		})
	}
	r := asyncrt.BlockOn(rt, asyncrt.TryJoinAll(step(time.Hour, nil), step(time.Second, errors.New("disk full"))))
	fmt.Println(r.Err)
	// Output:
	// step of 1s ended
	// step of 1h0m0s ended
	// disk full
}

// Race returns the first value of several futures of one type.
func ExampleRace() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	fmt.Println(asyncrt.BlockOn(rt, asyncrt.Race(fetchAfter(2*time.Second, "mirror 1"), fetchAfter(time.Second, "mirror 2"))))
	// Output: mirror 2
}

// Lazy defers work until the future is polled; Map transforms a value.
func ExampleLazy() {
	rt := asyncrt.New()
	defer rt.Close()
	f := asyncrt.Map(asyncrt.Lazy(func() int {
		fmt.Println("computing")
		return 21
	}), func(v int) int { return v * 2 })
	fmt.Println("built")
	fmt.Println(asyncrt.BlockOn(rt, f))
	// Output:
	// built
	// computing
	// 42
}

// PollFn writes a future as a function: here one that is pending once.
func ExamplePollFn() {
	rt := asyncrt.New()
	defer rt.Close()
	polls := 0
	f := asyncrt.PollFn(func(cx *asyncrt.Context) asyncrt.Poll[int] {
		polls++
		if polls == 1 {
			cx.Waker().Wake() // ask to be polled again
			return asyncrt.Pending[int]()
		}
		return asyncrt.Ready(polls)
	})
	fmt.Println(asyncrt.BlockOn(rt, f))
	// Output: 2
}

// A CancellationToken stops a tree of tasks cooperatively.
func ExampleCancellationToken() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		shutdown := asyncrt.NewCancellationToken()
		worker := func(name string, tok *asyncrt.CancellationToken) asyncrt.Future[struct{}] {
			return asyncrt.Async(func(co *asyncrt.Co) struct{} {
				asyncrt.Await(co, tok.Cancelled())
				fmt.Println(name, "stopping")
				return struct{}{}
			})
		}
		h := asyncrt.Spawn(co, worker("worker", shutdown.Child()))
		asyncrt.Await(co, asyncrt.Sleep(time.Second))
		shutdown.Cancel()
		h.Join(co)

		r := asyncrt.Await(co, asyncrt.WithCancel(shutdown, fetchAfter(time.Second, "x")))
		fmt.Println(r.Err)
		return struct{}{}
	}))
	// Output:
	// worker stopping
	// asyncrt: cancelled
}

// WithScope does not return before the tasks spawned in it have finished.
func ExampleWithScope() {
	rt := asyncrt.New(asyncrt.WithPausedClock(), asyncrt.CurrentThread())
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		results := make([]string, 3)
		asyncrt.WithScope(co, func(co *asyncrt.Co, sc *asyncrt.Scope) struct{} {
			for i := range results {
				asyncrt.SpawnScoped(sc, asyncrt.Async(func(co *asyncrt.Co) struct{} {
					results[i] = asyncrt.Await(co, fetchAfter(time.Duration(3-i)*time.Second, fmt.Sprint("part", i)))
					return struct{}{}
				}))
			}
			return struct{}{}
		})
		fmt.Println(strings.Join(results, " "))
		return struct{}{}
	}))
	// Output: part0 part1 part2
}

// Generate writes a stream as a loop; Iter consumes it with range inside an
// async function.
func ExampleGenerate() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	ticks := asyncrt.Generate(func(co *asyncrt.Co, yield func(int)) {
		for i := 1; i <= 3; i++ {
			asyncrt.Await(co, asyncrt.Sleep(time.Second))
			yield(i)
		}
	})
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		for v := range asyncrt.Iter(co, asyncrt.MapStream(ticks, func(v int) int { return v * 10 })) {
			fmt.Println(v)
		}
		return struct{}{}
	}))
	// Output:
	// 10
	// 20
	// 30
}

// Buffered runs a stream of futures with bounded concurrency, keeping the
// order; Chunks batches the values.
func ExampleBuffered() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	urls := asyncrt.FromSlice([]string{"a", "b", "c", "d", "e"})
	requests := asyncrt.MapStream(urls, func(u string) asyncrt.Future[string] {
		return fetchAfter(time.Second, strings.ToUpper(u))
	})
	batches := asyncrt.BlockOn(rt, asyncrt.Collect(asyncrt.Chunks(asyncrt.Buffered(requests, 2), 2)))
	fmt.Println(batches, rt.Now().Sub(time.Unix(0, 0)))
	// Output: [[A B] [C D] [E]] 3s
}

// WithSeed makes a deterministic test runtime: the same seed replays the
// same interleaving (package asynctest runs a test under many seeds).
func ExampleWithSeed() {
	order := func(seed uint64) string {
		rt := asyncrt.New(asyncrt.WithSeed(seed), asyncrt.WithPausedClock())
		defer rt.Close()
		return asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) string {
			var out []string
			var hs []*asyncrt.JoinHandle[struct{}]
			for _, name := range []string{"a", "b", "c"} {
				hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) struct{} {
					out = append(out, name)
					return struct{}{}
				})))
			}
			for _, h := range hs {
				h.Join(co)
			}
			return strings.Join(out, "")
		}))
	}
	fmt.Println(order(1) == order(1))
	// Output: true
}

// WithTracing reports task events through log/slog at Debug level.
func ExampleWithTracing() {
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Key {
			case "time", "duration", "busy", "spawned_at", "spawned_by", "task", "worker":
				return slog.Attr{} // vary from run to run
			}
			return a
		},
	})
	rt := asyncrt.New(asyncrt.CurrentThread(), asyncrt.WithTracing(slog.New(h)))
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		v, _ := asyncrt.SpawnNamed(co, "child", asyncrt.ReadyFuture(1)).Join(co)
		return v
	}))
	// Output:
	// level=DEBUG msg="asyncrt: task spawned" name=asyncrt.BlockOn blocking=false
	// level=DEBUG msg="asyncrt: task spawned" name=child blocking=false
	// level=DEBUG msg="asyncrt: task polled" name=asyncrt.BlockOn ready=false
	// level=DEBUG msg="asyncrt: task polled" name=child ready=true
	// level=DEBUG msg="asyncrt: task completed" name=child outcome=ok polls=1
	// level=DEBUG msg="asyncrt: task polled" name=asyncrt.BlockOn ready=true
	// level=DEBUG msg="asyncrt: task completed" name=asyncrt.BlockOn outcome=ok polls=2
}
