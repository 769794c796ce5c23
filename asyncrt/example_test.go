package asyncrt_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// An async function is a Go function taking a *Co; Async makes a lazy
// future of it and BlockOn drives it from synchronous code.
func ExampleAsync() {
	rt := asyncrt.New()
	defer rt.Close()

	fetch := func(co *asyncrt.Co, id int) string { // an async function
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond)) // an await point
		return fmt.Sprintf("item-%d", id)
	}
	v := asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) string {
		return fetch(co, 1) + "," + fetch(co, 2) // called inline: implicit awaits
	}))
	fmt.Println(v)
	// Output: item-1,item-2
}

// Run is the main function's entry point: a runtime for one future.
func ExampleRun() {
	n := asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		return 6 * 7
	}))
	fmt.Println(n)
	// Output: 42
}

// Spawn starts concurrent tasks; a JoinHandle awaits one and reports a
// panic or an abort as an error.
func ExampleSpawn() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		square := func(x int) asyncrt.Future[int] {
			return asyncrt.Async(func(co *asyncrt.Co) int { return x * x })
		}
		a := asyncrt.Spawn(co, square(3))
		b := asyncrt.SpawnNamed(co, "four", square(4))
		x, _ := a.Join(co)
		y, _ := b.Join(co)
		fmt.Println(x + y)

		bad := asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int { panic("oops") }))
		_, err := bad.Join(co)
		var pe *asyncrt.PanicError
		fmt.Println(errors.As(err, &pe), pe.Value)
		return 0
	}))
	// Output:
	// 25
	// true oops
}

// Abort cancels a task: it unwinds from the await it waits at and its
// defers run.
func ExampleJoinHandle_Abort() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		h := asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
			defer fmt.Println("cleaned up")
			asyncrt.Await(co, asyncrt.Sleep(time.Hour))
			return 1
		}))
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond)) // let it start
		h.Abort()
		_, err := h.Join(co)
		fmt.Println(err == asyncrt.ErrAborted)
		return 0
	}))
	// Output:
	// cleaned up
	// true
}

// A JoinSet joins tasks in the order they finish.
func ExampleJoinSet() {
	rt := asyncrt.New(asyncrt.WithPausedClock()) // deterministic timers
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		set := asyncrt.NewJoinSet[string](co)
		defer set.AbortAll()
		for _, s := range []string{"slow", "fast", "medium"} {
			d := map[string]time.Duration{"slow": 3 * time.Second, "fast": time.Second, "medium": 2 * time.Second}[s]
			set.Spawn(asyncrt.Async(func(co *asyncrt.Co) string {
				asyncrt.Await(co, asyncrt.Sleep(d))
				return s
			}))
		}
		for {
			v, err, ok := set.JoinNext(co)
			if !ok {
				return 0
			}
			fmt.Println(v, err)
		}
	}))
	// Output:
	// fast <nil>
	// medium <nil>
	// slow <nil>
}

// Timeout bounds a future; on expiry the future is dropped.
func ExampleTimeout() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	r := asyncrt.BlockOn(rt, asyncrt.Timeout(time.Second, asyncrt.Async(func(co *asyncrt.Co) int {
		asyncrt.Await(co, asyncrt.Sleep(time.Minute))
		return 1
	})))
	fmt.Println(r.Err)
	// Output: asyncrt: deadline elapsed
}

// A paused test clock jumps to the next timer when every task waits: an
// hour of sleeping takes no time.
func ExampleWithPausedClock() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	start := rt.Now()
	asyncrt.BlockOn(rt, asyncrt.Sleep(time.Hour))
	fmt.Println(rt.Now().Sub(start))
	// Output: 1h0m0s
}

// An Interval ticks on the runtime's clock.
func ExampleNewInterval() {
	rt := asyncrt.New(asyncrt.WithPausedClock())
	defer rt.Close()
	start := rt.Now()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		iv := asyncrt.NewInterval(10 * time.Second)
		for range 3 {
			t := asyncrt.Await(co, iv.Tick())
			fmt.Println(t.Sub(start))
		}
		return 0
	}))
	// Output:
	// 0s
	// 10s
	// 20s
}

// SpawnBlocking moves blocking work off the workers.
func ExampleSpawnBlocking() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		h := asyncrt.SpawnBlocking(co, func() string {
			time.Sleep(time.Millisecond) // blocking is fine here
			return "read the file"
		})
		v, _ := h.Join(co)
		fmt.Println(v)
		return 0
	}))
	// Output: read the file
}

// A hand-written future: Poll returns Pending after keeping the waker, and
// whoever makes it ready wakes it.
type flag struct {
	set   chan struct{}
	waker chan *asyncrt.Waker
}

func (f *flag) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	select {
	case <-f.set:
		return asyncrt.Ready("set")
	default:
	}
	// Keep the waker where the setter finds it. Poll must not block, so
	// the send must not wait: a full channel already holds the waker of an
	// earlier poll, which wakes the same task (this future never moves to
	// another task; one that may would replace a waker that !WillWake).
	select {
	case f.waker <- cx.Waker():
	default:
	}
	return asyncrt.Pending[string]()
}

func ExampleFuture() {
	f := &flag{set: make(chan struct{}), waker: make(chan *asyncrt.Waker, 1)}
	go func() {
		w := <-f.waker
		close(f.set)
		w.Wake()
	}()
	fmt.Println(asyncrt.Run[string](f))
	// Output: set
}

// A custom executor polls a future with its own waker.
func ExampleNewContext() {
	woken := make(chan struct{}, 1)
	cx := asyncrt.NewContext(asyncrt.NewWaker(func() { woken <- struct{}{} }))
	f := asyncrt.Sleep(time.Millisecond)
	for !f.Poll(cx).IsReady() {
		<-woken
	}
	fmt.Println("done")
	// Output: done
}

// Yield lets other tasks run.
func ExampleYield() {
	rt := asyncrt.New(asyncrt.CurrentThread())
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		h := asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
			fmt.Println("other task")
			return 0
		}))
		fmt.Println("before yield")
		asyncrt.Yield(co)
		fmt.Println("after yield")
		h.Join(co)
		return 0
	}))
	// Output:
	// before yield
	// other task
	// after yield
}

// TaskDump lists live tasks with their state and spawn site; Metrics counts.
func ExampleRuntime_TaskDump() {
	rt := asyncrt.New()
	defer rt.Close()
	h := asyncrt.SpawnNamed(rt, "sleeper", asyncrt.Sleep(time.Hour))
	for len(rt.TaskDump()) == 0 || rt.TaskDump()[0].State != asyncrt.TaskIdle {
		time.Sleep(time.Millisecond)
	}
	for _, ti := range rt.TaskDump() {
		fmt.Println(ti.Name, ti.State, ti.Polls)
	}
	h.Abort()
	fmt.Println(rt.Metrics().TasksSpawned)
	// Output:
	// sleeper idle 1
	// 1
}
