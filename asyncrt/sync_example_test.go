package asyncrt_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// A Mutex may be held across an await: tasks that want it wait suspended,
// their workers keep running other tasks.
func ExampleMutex() {
	var mu asyncrt.Mutex
	balance := 100
	withdraw := func(co *asyncrt.Co, n int) {
		mu.Lock(co)
		defer mu.Unlock()
		b := balance
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond)) // e.g. an audit call
		balance = b - n
	}
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		var hs []*asyncrt.JoinHandle[int]
		for range 10 {
			hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
				withdraw(co, 7)
				return 0
			})))
		}
		for _, h := range hs {
			h.Join(co)
		}
		return 0
	}))
	fmt.Println(balance)
	// Output: 30
}

// LockFuture composes the wait with Timeout; a wait that times out takes
// nothing.
func ExampleMutex_LockFuture() {
	var mu asyncrt.Mutex
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		mu.Lock(co)
		r := asyncrt.Await(co, asyncrt.Timeout(10*time.Millisecond, mu.LockFuture()))
		fmt.Println(r.Err)
		mu.Unlock()
		return 0
	}))
	// Output: asyncrt: deadline elapsed
}

// Readers share an RWMutex; a writer has it alone.
func ExampleRWMutex() {
	var rw asyncrt.RWMutex
	config := map[string]string{"mode": "fast"}
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		rw.Lock(co)
		config["mode"] = "safe"
		rw.Unlock()

		rw.RLock(co)
		defer rw.RUnlock()
		fmt.Println(config["mode"])
		return 0
	}))
	// Output: safe
}

// A Semaphore bounds how many tasks do something at once.
func ExampleSemaphore() {
	sem := asyncrt.NewSemaphore(2)
	running, peak := 0, 0
	rt := asyncrt.New(asyncrt.CurrentThread())
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		var hs []*asyncrt.JoinHandle[int]
		for range 6 {
			hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
				if err := sem.Acquire(co, 1); err != nil {
					return 0
				}
				defer sem.Release(1)
				running++ // one worker: no data race
				peak = max(peak, running)
				asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
				running--
				return 0
			})))
		}
		for _, h := range hs {
			h.Join(co)
		}
		return 0
	}))
	fmt.Println("at most", peak, "at once")
	// Output: at most 2 at once
}

// Notify wakes a waiting task; a notification sent before anyone waits is
// kept as a permit.
func ExampleNotify() {
	var ready asyncrt.Notify
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		h := asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
			ready.Wait(co)
			fmt.Println("notified")
			return 0
		}))
		ready.NotifyOne()
		h.Join(co)
		return 0
	}))
	// Output: notified
}

// A Barrier releases its tasks together, and names one leader per round.
func ExampleBarrier() {
	b := asyncrt.NewBarrier(3)
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		var hs []*asyncrt.JoinHandle[bool]
		for range 3 {
			hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(b.Wait)))
		}
		leaders := 0
		for _, h := range hs {
			if leader, _ := h.Join(co); leader {
				leaders++
			}
		}
		fmt.Println("leaders:", leaders)
		return 0
	}))
	// Output: leaders: 1
}

// OnceCell runs an async initializer once, however many tasks ask.
func ExampleOnceCell() {
	var token asyncrt.OnceCell[string]
	fetches := 0
	get := func(co *asyncrt.Co) string {
		return token.GetOrInit(co, func(co *asyncrt.Co) string {
			fetches++
			asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
			return "secret"
		})
	}
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		a := asyncrt.Spawn(co, asyncrt.Async(get))
		b := asyncrt.Spawn(co, asyncrt.Async(get))
		x, _ := a.Join(co)
		y, _ := b.Join(co)
		fmt.Println(x, y, fetches)
		return 0
	}))
	// Output: secret secret 1
}

// A bounded channel: Send waits while it is full (backpressure); the
// receiver gets everything sent, then the end once the sender is closed.
func ExampleNewChannel() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		tx, rx := asyncrt.NewChannel[int](2)
		asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
			defer tx.Close()
			for i := 1; i <= 5; i++ {
				if err := tx.Send(co, i); err != nil {
					return 0
				}
			}
			return 0
		}))
		sum := 0
		for {
			v, ok := rx.Recv(co)
			if !ok {
				break
			}
			sum += v
		}
		fmt.Println(sum)
		return 0
	}))
	// Output: 15
}

// A send that is cancelled hands its value back instead of losing it.
func ExampleSendFuture_Unsent() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		tx, rx := asyncrt.NewChannel[string](1)
		tx.TrySend("first") // the channel is now full
		send := tx.SendFuture("second")
		r := asyncrt.Await(co, asyncrt.Timeout(5*time.Millisecond, send))
		v, unsent := send.Unsent()
		fmt.Println(r.Err, v, unsent)
		got, _ := rx.Recv(co)
		fmt.Println(got)
		return 0
	}))
	// Output:
	// asyncrt: deadline elapsed second true
	// first
}

// An unbounded channel never makes the sender wait.
func ExampleNewUnboundedChannel() {
	tx, rx := asyncrt.NewUnboundedChannel[string]()
	tx.TrySend("a")
	tx.TrySend("b")
	tx.Close()
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		for {
			v, ok := rx.Recv(co)
			if !ok {
				return 0
			}
			fmt.Println(v)
		}
	}))
	// Output:
	// a
	// b
}

// A oneshot channel carries one value; the receiver is itself a future.
func ExampleNewOneshot() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		tx, rx := asyncrt.NewOneshot[int]()
		asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
			tx.Send(42)
			return 0
		}))
		v, err := rx.Recv(co)
		fmt.Println(v, err)
		return 0
	}))
	// Output: 42 <nil>
}

// Every receiver of a broadcast channel gets every value; one that falls
// behind is told how many it missed.
func ExampleNewBroadcast() {
	tx, rx := asyncrt.NewBroadcast[int](2)
	for i := range 5 {
		tx.Send(i)
	}
	_, err := rx.TryRecv()
	var lag *asyncrt.LaggedError
	fmt.Println(errors.As(err, &lag), lag.N)
	v, _ := rx.TryRecv()
	fmt.Println(v)
	// Output:
	// true 3
	// 3
}

// A watch channel holds the latest value; receivers wait for changes.
func ExampleNewWatch() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		tx, rx := asyncrt.NewWatch("starting")
		asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
			tx.Send("ready")
			return 0
		}))
		if err := rx.Changed(co); err == nil {
			fmt.Println(rx.Borrow())
		}
		return 0
	}))
	// Output: ready
}
