package asyncrt

import (
	"math/bits"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
	"time"
)

// wheel is a hierarchical timing wheel in the style of Tokio's time driver
// (6 levels of 64 slots, 1.05ms resolution at level 0), kept here as the
// measured alternative to timerDriver's 4-ary heap (BenchmarkTimerDriver).
type wheel struct {
	elapsed int64 // in ticks
	levels  [wheelLevels][wheelSlots]*wheelEntry
	occ     [wheelLevels]uint64 // occupied-slot bitmaps
}

const (
	wheelLevels    = 6
	wheelSlots     = 64
	wheelTickShift = 20 // 1 tick = 2^20 ns ≈ 1.05ms
)

type wheelEntry struct {
	when       int64 // ns
	tick       int64
	level      int
	slot       int
	prev, next *wheelEntry
	linked     bool
	fired      func()
}

func (w *wheel) levelFor(tick int64) int {
	masked := (w.elapsed ^ tick) | (wheelSlots - 1)
	sig := 63 - bits.LeadingZeros64(uint64(masked))
	return min(sig/6, wheelLevels-1)
}

func (w *wheel) insert(e *wheelEntry) {
	e.tick = e.when >> wheelTickShift
	if e.tick < w.elapsed {
		e.tick = w.elapsed
	}
	l := w.levelFor(e.tick)
	s := int(e.tick>>(6*l)) & (wheelSlots - 1)
	e.level, e.slot = l, s
	e.prev, e.next = nil, w.levels[l][s]
	if e.next != nil {
		e.next.prev = e
	}
	w.levels[l][s] = e
	w.occ[l] |= 1 << s
	e.linked = true
}

func (w *wheel) remove(e *wheelEntry) {
	if !e.linked {
		return
	}
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		w.levels[e.level][e.slot] = e.next
		if e.next == nil {
			w.occ[e.level] &^= 1 << e.slot
		}
	}
	if e.next != nil {
		e.next.prev = e.prev
	}
	e.prev, e.next, e.linked = nil, nil, false
}

// advance fires every entry due at now (ns), cascading higher levels down.
func (w *wheel) advance(now int64) {
	target := now >> wheelTickShift
	for w.elapsed <= target {
		// Cascade: entries of higher levels whose slot starts now move down.
		for l := wheelLevels - 1; l >= 1; l-- {
			if w.elapsed&(1<<(6*l)-1) != 0 {
				continue
			}
			s := int(w.elapsed>>(6*l)) & (wheelSlots - 1)
			for e := w.levels[l][s]; e != nil; {
				next := e.next
				w.remove(e)
				w.insert(e)
				e = next
			}
		}
		s := int(w.elapsed) & (wheelSlots - 1)
		for e := w.levels[0][s]; e != nil; {
			next := e.next
			if e.tick <= w.elapsed {
				w.remove(e)
				e.fired()
			}
			e = next
		}
		if w.elapsed == target {
			break
		}
		w.elapsed++
	}
}

func TestWheelFiresInTickOrder(t *testing.T) {
	var w wheel
	r := rand.New(rand.NewPCG(5, 6))
	var fired []int64
	es := make([]*wheelEntry, 3000)
	for i := range es {
		e := &wheelEntry{when: r.Int64N(int64(1) << 34)} // up to ~17s
		e.fired = func() { fired = append(fired, e.when>>wheelTickShift) }
		es[i] = e
		w.insert(e)
	}
	for i := 0; i < len(es); i += 3 {
		w.remove(es[i])
	}
	for now := int64(0); now <= int64(1)<<34; now += int64(1) << 26 {
		w.advance(now)
	}
	if len(fired) != len(es)-len(es)/3 {
		t.Fatalf("fired %d of %d", len(fired), len(es)-len(es)/3)
	}
	if !sort.SliceIsSorted(fired, func(i, j int) bool { return fired[i] < fired[j] }) {
		t.Fatal("wheel fired out of tick order")
	}
}

// BenchmarkTimerDriver: the Sleep/Timeout pattern: arm n timers at random
// deadlines up to 10s ahead, cancel 90% of them (timeouts that did not
// expire), fire the rest. One op is one timer's life. Run against the 4-ary
// heap used by the runtime and the hierarchical wheel above.
func BenchmarkTimerDriver(b *testing.B) {
	const pending = 100_000 // timers armed at once
	deadlines := make([]int64, pending)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range deadlines {
		deadlines[i] = r.Int64N(10e9)
	}
	b.Run("heap4", func(b *testing.B) {
		var d timerDriver
		d.init(&Runtime{clock: NewTestClock(time.Unix(0, 0))})
		es := make([]timerEntry, pending)
		w := NewWaker(func() {})
		b.ResetTimer()
		for done := 0; done < b.N; done += pending {
			for i := range es {
				d.register(&es[i], deadlines[i], w)
			}
			for i := range es {
				if i%10 != 0 {
					d.cancel(&es[i])
				}
			}
			d.fire(10e9)
		}
	})
	b.Run("wheel", func(b *testing.B) {
		es := make([]wheelEntry, pending)
		for i := range es {
			es[i].fired = func() {}
		}
		var mu sync.Mutex // the runtime's driver would need its lock too
		b.ResetTimer()
		for done := 0; done < b.N; done += pending {
			var w wheel
			for i := range es {
				mu.Lock()
				es[i].when = deadlines[i]
				w.insert(&es[i])
				mu.Unlock()
			}
			for i := range es {
				if i%10 != 0 {
					mu.Lock()
					w.remove(&es[i])
					mu.Unlock()
				}
			}
			mu.Lock()
			w.advance(10e9)
			mu.Unlock()
		}
	})
}
