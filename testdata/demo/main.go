// Command demo is a small order-processing service written on asyncrt that
// contains one instance of each pitfall asynclint finds. Lint it with
//
//	go run ./cmd/asynclint ./testdata/demo
//
// and run it with
//
//	go run ./testdata/demo
//
// to watch the runtime's own detectors catch two of the same bugs as they
// happen: the long-poll detector reports the task that blocks its worker,
// and the lost-waker detector reports the task that can never be woken.
package main

import (
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

type order struct {
	ID    int
	Items []string
}

// priceCache is shared by every task that prices an order.
type priceCache struct {
	mu     sync.Mutex
	prices map[string]int
}

// lookupPrices pretends to ask a slow pricing backend.
func lookupPrices(items []string) asyncrt.Future[map[string]int] {
	return asyncrt.Async(func(co *asyncrt.Co) map[string]int {
		asyncrt.Await(co, asyncrt.Sleep(5*time.Millisecond))
		m := make(map[string]int, len(items))
		for i, it := range items {
			m[it] = 100 * (i + 1)
		}
		return m
	})
}

// refresh fills the cache for the items of an order.
func (c *priceCache) refresh(co *asyncrt.Co, items []string) {
	c.mu.Lock()
	// Pitfall (lockawait): the sync.Mutex stays locked while this task is
	// suspended; another task on this worker that calls refresh blocks the
	// worker thread. asyncrt.Mutex is the lock to hold across an await.
	fresh := asyncrt.Await(co, lookupPrices(items))
	for k, v := range fresh {
		c.prices[k] = v
	}
	c.mu.Unlock()
}

var audited atomic.Int64

// audit records that an order was handled.
func audit(o order) asyncrt.Future[struct{}] {
	return asyncrt.Async(func(co *asyncrt.Co) struct{} {
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
		audited.Add(1)
		return struct{}{}
	})
}

// handle prices one order.
func handle(co *asyncrt.Co, cache *priceCache, o order) int {
	cache.refresh(co, o.Items)
	// Pitfall (blocking): time.Sleep parks the worker thread, and every task
	// queued on it waits too. asyncrt.Sleep suspends only this task.
	time.Sleep(30 * time.Millisecond)
	// Pitfall (droppedfuture): futures are lazy; this audit never runs.
	audit(o)
	cache.mu.Lock()
	defer cache.mu.Unlock()
	total := 0
	for _, it := range o.Items {
		total += cache.prices[it]
	}
	return total
}

// labelAfterPacking waits for the warehouse to pack an order, then prints
// its shipping label: a two-step future written by hand.
type labelAfterPacking struct {
	packing asyncrt.Future[struct{}]
	label   func() asyncrt.Future[string]
	next    asyncrt.Future[string]
}

func (l *labelAfterPacking) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	if l.next == nil {
		if !l.packing.Poll(cx).IsReady() {
			return asyncrt.Pending[string]() // the packing timer keeps the waker
		}
		l.next = l.label()
		// Pitfall (missingwake): Pending after the packing finished, without
		// polling the label future or keeping cx.Waker(): nothing will ever
		// wake this task again. Polling l.next right away is the fix.
		return asyncrt.Pending[string]()
	}
	return l.next.Poll(cx)
}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rt := asyncrt.New(asyncrt.WithWorkers(2), asyncrt.WithLogger(logger))

	cache := &priceCache{prices: make(map[string]int)}
	orders := []order{{1, []string{"tea", "cups"}}, {2, []string{"kettle"}}}
	totals := asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) []int {
		var hs []*asyncrt.JoinHandle[int]
		for _, o := range orders {
			hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
				return handle(co, cache, o)
			})))
		}
		var out []int
		for _, h := range hs {
			v, err := h.Join(co)
			if err != nil {
				panic(err)
			}
			out = append(out, v)
		}
		return out
	}))
	fmt.Printf("order totals: %v\n", totals)
	fmt.Printf("audit records: %d of %d (the dropped futures never ran)\n", audited.Load(), len(orders))

	// A task waits for a label that is never printed: once the packing
	// timer has fired, nothing holds the task's waker. Collecting garbage
	// lets the lost-waker detector see that.
	shipping := asyncrt.SpawnNamed(rt, "ship-order-1", asyncrt.Async(func(co *asyncrt.Co) string {
		return asyncrt.Await(co, &labelAfterPacking{
			packing: asyncrt.Sleep(5 * time.Millisecond),
			label: func() asyncrt.Future[string] {
				return asyncrt.Async(func(*asyncrt.Co) string { return "label #1" })
			},
		})
	}))
	time.Sleep(20 * time.Millisecond)
	for i := 0; i < 10 && rt.Metrics().LostWakers == 0; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Printf("shipping task finished: %v (lost wakers reported: %d)\n", shipping.IsFinished(), rt.Metrics().LostWakers)
	fmt.Printf("long polls reported: %d\n", rt.Metrics().LongPolls)
	if err := rt.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
	}
}
