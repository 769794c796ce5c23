package asyncrt

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/sync/semaphore"
)

// Benchmarks of the synchronization primitives and channels, each next to
// its plain-Go baseline in the same run; docs/performance.md records the
// ratios.

// benchChanCap is the capacity of both the Go channel and the asyncrt
// channel in BenchmarkChannel.
const benchChanCap = 128

// BenchmarkChannel: throughput of a bounded channel, one op per value,
// with 1 and 4 producers and one consumer. The baseline is a buffered Go
// channel between goroutines; asyncrt's producers and consumer are tasks
// on a runtime with the default number of workers.
func BenchmarkChannel(b *testing.B) {
	for _, producers := range []int{1, 4} {
		name := map[int]string{1: "1p1c", 4: "4p1c"}[producers]
		b.Run(name+"/baseline=go-chan", func(b *testing.B) {
			ch := make(chan int, benchChanCap)
			var wg sync.WaitGroup
			for p := range producers {
				n := share(b.N, producers, p)
				wg.Go(func() {
					for i := range n {
						ch <- i
					}
				})
			}
			go func() { wg.Wait(); close(ch) }()
			sum := 0
			for v := range ch {
				sum += v
			}
			_ = sum
		})
		b.Run(name+"/asyncrt", func(b *testing.B) {
			rt := New(quiet)
			defer rt.Close()
			b.ResetTimer()
			BlockOn(rt, Async(func(co *Co) int {
				tx, rx := NewChannel[int](benchChanCap)
				for p := range producers {
					n := share(b.N, producers, p)
					txp := tx.Clone()
					Spawn(co, Async(func(co *Co) int {
						defer txp.Close()
						for i := range n {
							txp.Send(co, i)
						}
						return 0
					}))
				}
				tx.Close()
				sum := 0
				for {
					v, ok := rx.Recv(co)
					if !ok {
						return sum
					}
					sum += v
				}
			}))
		})
	}
}

// share is producer p's part of n items.
func share(n, producers, p int) int {
	k := n / producers
	if p == producers-1 {
		k += n % producers
	}
	return k
}

// BenchmarkMutex: Lock+Unlock, one op per pair. Uncontended: one task (one
// goroutine) locking in a loop. Contended: 4 tasks (4 goroutines) sharing
// one lock around a counter increment.
func BenchmarkMutex(b *testing.B) {
	b.Run("uncontended/baseline=sync.Mutex", func(b *testing.B) {
		var mu sync.Mutex
		n := 0
		for range b.N {
			mu.Lock()
			n++
			mu.Unlock()
		}
	})
	b.Run("uncontended/asyncrt", func(b *testing.B) {
		rt := New(quiet, CurrentThread())
		defer rt.Close()
		var mu Mutex
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) int {
			n := 0
			for range b.N {
				mu.Lock(co)
				n++
				mu.Unlock()
			}
			return n
		}))
	})
	const tasks = 4
	b.Run("contended/baseline=sync.Mutex", func(b *testing.B) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		n := 0
		for p := range tasks {
			k := share(b.N, tasks, p)
			wg.Go(func() {
				for range k {
					mu.Lock()
					n++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	})
	b.Run("contended/asyncrt", func(b *testing.B) {
		rt := New(quiet)
		defer rt.Close()
		var mu Mutex
		n := 0
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) int {
			hs := make([]*JoinHandle[int], tasks)
			for p := range tasks {
				k := share(b.N, tasks, p)
				hs[p] = Spawn(co, Async(func(co *Co) int {
					for range k {
						mu.Lock(co)
						n++
						mu.Unlock()
					}
					return 0
				}))
			}
			for _, h := range hs {
				h.Join(co)
			}
			return n
		}))
	})
}

// BenchmarkSemaphoreFanOut: start b.N trivial jobs, at most fanOutLimit
// running at once, and wait for them all; one op per job. The baseline is
// golang.org/x/sync/semaphore limiting goroutines.
func BenchmarkSemaphoreFanOut(b *testing.B) {
	const fanOutLimit = 16
	b.Run("baseline=x/sync/semaphore", func(b *testing.B) {
		ctx := context.Background()
		sem := semaphore.NewWeighted(fanOutLimit)
		var sum atomic.Int64
		for range b.N {
			sem.Acquire(ctx, 1)
			go func() {
				sum.Add(1)
				sem.Release(1)
			}()
		}
		sem.Acquire(ctx, fanOutLimit)
	})
	b.Run("asyncrt", func(b *testing.B) {
		rt := New(quiet)
		defer rt.Close()
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) int {
			sem := NewSemaphore(fanOutLimit)
			var sum atomic.Int64
			for range b.N {
				sem.Acquire(co, 1)
				Spawn(co, Async(func(co *Co) int {
					sum.Add(1)
					sem.Release(1)
					return 0
				}))
			}
			sem.Acquire(co, fanOutLimit)
			return int(sum.Load())
		}))
	})
}
