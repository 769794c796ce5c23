package asyncrt

import (
	"sync"
	"sync/atomic"
	"testing"
)

// The local queue under an owner pushing and popping and stealers stealing:
// every task comes out exactly once; overflow goes to the injection queue.
func TestLocalQueueConcurrent(t *testing.T) {
	const n = 50000
	var owner localQueue
	var inject injectQueue
	tasks := make([]header, n)
	seen := make([]atomic.Int32, n)
	index := func(h *header) int { return int(h.id) }
	for i := range tasks {
		tasks[i].id = uint64(i)
	}
	var wg sync.WaitGroup
	var stop atomic.Bool
	var stolen atomic.Int64
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine localQueue
			for !stop.Load() {
				if t, k := owner.stealInto(&mine); t != nil {
					stolen.Add(int64(k))
					seen[index(t)].Add(1)
					for x := mine.pop(); x != nil; x = mine.pop() {
						seen[index(x)].Add(1)
					}
				}
			}
		}()
	}
	for i := range tasks {
		owner.push(&tasks[i], &inject)
		if i%3 == 0 {
			if x := owner.pop(); x != nil {
				seen[index(x)].Add(1)
			}
		}
	}
	for x := owner.pop(); x != nil; x = owner.pop() {
		seen[index(x)].Add(1)
	}
	stop.Store(true)
	wg.Wait()
	var dst localQueue
	for {
		x := inject.popBatch(64, &dst)
		if x == nil {
			break
		}
		seen[index(x)].Add(1)
		for y := dst.pop(); y != nil; y = dst.pop() {
			seen[index(y)].Add(1)
		}
	}
	for i := range seen {
		if c := seen[i].Load(); c != 1 {
			t.Fatalf("task %d came out %d times", i, c)
		}
	}
	if stolen.Load() == 0 {
		t.Log("no steal happened (machine too busy?)")
	}
}

func TestLocalQueueOverflow(t *testing.T) {
	var q localQueue
	var inject injectQueue
	hs := make([]header, localQueueSize+1)
	for i := range hs {
		q.push(&hs[i], &inject)
	}
	if q.len() != localQueueSize/2 || inject.len() != localQueueSize/2+1 {
		t.Fatalf("after overflow: local %d, injection %d", q.len(), inject.len())
	}
	// The oldest half moved, in order, then the new task.
	var dst localQueue
	if first := inject.popBatch(1, &dst); first != &hs[0] {
		t.Fatal("overflow did not move the oldest tasks first")
	}
	if all := inject.popAll(); all != &hs[1] || inject.len() != 0 {
		t.Fatal("popAll")
	}
}

func TestInbox(t *testing.T) {
	var b inbox
	if !b.empty() || b.takeAll() != nil {
		t.Fatal("empty inbox")
	}
	hs := make([]header, 3)
	for i := range hs {
		b.push(&hs[i])
	}
	top := b.takeAll()
	if top != &hs[2] || top.queueNext != &hs[1] || !b.empty() {
		t.Fatal("inbox is not LIFO")
	}
}
