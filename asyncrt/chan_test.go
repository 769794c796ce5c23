package asyncrt

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var _ Stream[int] = (*Receiver[int])(nil)
var _ Stream[Result[int]] = (*BroadcastReceiver[int])(nil)
var _ Future[Result[int]] = (*OneshotReceiver[int])(nil)

// --- mpsc ---

func TestChannelOrderAndDrain(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	tx, rx := NewChannel[int](8)
	within(t, 5*time.Second, func() {
		got := BlockOn(rt, Async(func(co *Co) []int {
			Spawn(co, Async(func(co *Co) int {
				defer tx.Close()
				for i := range 1000 {
					if err := tx.Send(co, i); err != nil {
						panic(err)
					}
				}
				return 0
			}))
			var got []int
			for {
				v, ok := rx.Recv(co)
				if !ok {
					return got
				}
				got = append(got, v)
			}
		}))
		if len(got) != 1000 {
			t.Fatalf("received %d values", len(got))
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("got[%d] = %d: order broken", i, v)
			}
		}
	})
}

// TestChannelBackpressure: a full bounded channel suspends senders, which
// are let in in FIFO order as the receiver makes room.
func TestChannelBackpressure(t *testing.T) {
	tx, rx := NewChannel[int](2)
	if tx.TrySend(1) != nil || tx.TrySend(2) != nil {
		t.Fatal("TrySend into an empty channel failed")
	}
	if err := tx.TrySend(3); err != ErrChannelFull {
		t.Fatalf("TrySend into a full channel: %v", err)
	}
	p3, p4 := newProbe(), newProbe()
	f3, f4 := tx.SendFuture(3), tx.SendFuture(4)
	mustPending(t, "f3", f3.Poll(p3.cx))
	mustPending(t, "f4", f4.Poll(p4.cx))
	if err := tx.TrySend(5); err != ErrChannelFull {
		t.Fatalf("TrySend overtook waiting senders: %v", err)
	}
	if v, err := rx.TryRecv(); v != 1 || err != nil {
		t.Fatalf("TryRecv = %d %v", v, err)
	}
	if !p3.woken() || p4.woken() {
		t.Fatal("room not given to the first waiting sender")
	}
	if err := mustReady(t, "f3", f3.Poll(p3.cx)); err != nil {
		t.Fatal(err)
	}
	mustPending(t, "f4", f4.Poll(p4.cx))
	for _, want := range []int{2, 3} {
		if v, _ := rx.TryRecv(); v != want {
			t.Fatalf("got %d, want %d", v, want)
		}
	}
	mustReady(t, "f4", f4.Poll(p4.cx))
	if v, _ := rx.TryRecv(); v != 4 {
		t.Fatalf("got %d, want 4", v)
	}
	if _, err := rx.TryRecv(); err != ErrChannelEmpty {
		t.Fatalf("TryRecv on empty: %v", err)
	}
}

// TestChannelCancelSendWhileWoken: a send dropped after room was handed to
// it, before it was polled, passes the room on and hands its value back.
func TestChannelCancelSendWhileWoken(t *testing.T) {
	tx, rx := NewChannel[string](1)
	tx.TrySend("a")
	p1, p2 := newProbe(), newProbe()
	f1, f2 := tx.SendFuture("b"), tx.SendFuture("c")
	mustPending(t, "f1", f1.Poll(p1.cx))
	mustPending(t, "f2", f2.Poll(p2.cx))
	if _, ok := f1.Unsent(); ok {
		t.Fatal("Unsent while pending")
	}
	rx.TryRecv() // room goes to f1
	f1.Drop()
	if v, ok := f1.Unsent(); !ok || v != "b" {
		t.Fatalf("dropped send: Unsent = %q %v", v, ok)
	}
	if !p2.woken() {
		t.Fatal("room handed to the dropped sender was not passed on")
	}
	mustReady(t, "f2", f2.Poll(p2.cx))
	if v, _ := rx.TryRecv(); v != "c" {
		t.Fatalf("got %q", v)
	}
	if _, ok := f2.Unsent(); ok {
		t.Fatal("Unsent after delivery")
	}
	// Dropped while queued, and never polled: handed back too.
	tx.TrySend("d")
	f3 := tx.SendFuture("e")
	mustPending(t, "f3", f3.Poll(newProbe().cx))
	f3.Drop()
	f4 := tx.SendFuture("f")
	f4.Drop()
	for _, f := range []*SendFuture[string]{f3, f4} {
		if _, ok := f.Unsent(); !ok {
			t.Fatal("dropped send not handed back")
		}
	}
	if rx.Len() != 1 {
		t.Fatalf("Len = %d", rx.Len())
	}
}

// TestChannelReceiverClose: closing the receiver fails pending and later
// sends (handing their values back) and keeps what was sent receivable.
func TestChannelReceiverClose(t *testing.T) {
	tx, rx := NewChannel[int](1)
	tx.TrySend(1)
	p := newProbe()
	f := tx.SendFuture(2)
	mustPending(t, "f", f.Poll(p.cx))
	rx.Close()
	if !p.woken() {
		t.Fatal("pending sender not woken by Close")
	}
	if err := mustReady(t, "f", f.Poll(p.cx)); err != ErrChannelClosed {
		t.Fatalf("err = %v", err)
	}
	if v, ok := f.Unsent(); !ok || v != 2 {
		t.Fatal("value of a failed send not handed back")
	}
	if err := tx.TrySend(3); err != ErrChannelClosed || !tx.IsClosed() {
		t.Fatalf("TrySend after Close: %v", err)
	}
	if v, err := rx.TryRecv(); v != 1 || err != nil {
		t.Fatalf("drain after Close: %d %v", v, err)
	}
	if _, err := rx.TryRecv(); err != ErrChannelClosed {
		t.Fatalf("after drain: %v", err)
	}
}

// TestChannelSendersClose: the receiver ends once every sender handle is
// closed and the values are drained, and is woken for it.
func TestChannelSendersClose(t *testing.T) {
	tx, rx := NewUnboundedChannel[int]()
	tx2 := tx.Clone()
	p := newProbe()
	mustPending(t, "recv", rx.RecvFuture().Poll(p.cx))
	tx.TrySend(7)
	tx.Close()
	tx.Close() // idempotent
	if err := tx.TrySend(8); err != ErrChannelClosed {
		t.Fatalf("send on a closed handle: %v", err)
	}
	if n := mustReady(t, "recv", rx.RecvFuture().Poll(p.cx)); n.Value != 7 || !n.OK {
		t.Fatalf("got %+v", n)
	}
	p2 := newProbe()
	mustPending(t, "one sender left", rx.RecvFuture().Poll(p2.cx))
	tx2.Close()
	if !p2.woken() {
		t.Fatal("receiver not woken by the last sender's Close")
	}
	if n := mustReady(t, "end", rx.RecvFuture().Poll(p2.cx)); n.OK {
		t.Fatal("not the end")
	}
}

// TestChannelPendingSendKeepsChannelOpen: a send waiting for room keeps the
// receiver from seeing the end even if its handle is closed meanwhile.
func TestChannelPendingSendKeepsChannelOpen(t *testing.T) {
	tx, rx := NewChannel[int](1)
	tx.TrySend(1)
	p := newProbe()
	f := tx.SendFuture(2)
	mustPending(t, "f", f.Poll(p.cx))
	tx.Close()
	for _, want := range []int{1, 2} {
		if want == 2 {
			mustReady(t, "f", f.Poll(p.cx))
		}
		v, err := rx.TryRecv()
		if v != want || err != nil {
			t.Fatalf("got %d %v, want %d", v, err, want)
		}
	}
	if _, err := rx.TryRecv(); err != ErrChannelClosed {
		t.Fatalf("end: %v", err)
	}
}

// TestChannelAsStream: the receiver is a Stream.
func TestChannelAsStream(t *testing.T) {
	rt, _ := newTestRuntime(t)
	tx, rx := NewChannel[int](4)
	within(t, 5*time.Second, func() {
		sum := BlockOn(rt, Async(func(co *Co) int {
			Spawn(co, Async(func(co *Co) int {
				defer tx.Close()
				for i := 1; i <= 10; i++ {
					tx.Send(co, i)
				}
				return 0
			}))
			var s Stream[int] = rx
			sum := 0
			for {
				n := Await(co, pollFn[Next[int]](s.PollNext))
				if !n.OK {
					return sum
				}
				sum += n.Value
			}
		}))
		if sum != 55 {
			t.Fatalf("sum = %d", sum)
		}
	})
}

// TestChannelCloseRace: goroutines sending while the receiver closes:
// every value is either received or reported as not delivered.
func TestChannelCloseRace(t *testing.T) {
	for range 20 {
		tx, rx := NewChannel[int](4)
		var sent, failed, received atomic.Int64
		var wg sync.WaitGroup
		for range 4 {
			txg := tx.Clone()
			wg.Go(func() {
				defer txg.Close()
				for i := 0; i < 200; {
					switch txg.TrySend(i) {
					case nil:
						sent.Add(1)
						i++
					case ErrChannelClosed:
						failed.Add(1)
						i++
					default: // full
						runtime.Gosched()
					}
				}
			})
		}
		tx.Close()
		closeAt := rand.IntN(800)
		wg.Go(func() {
			for n := 0; ; {
				_, err := rx.TryRecv()
				switch err {
				case nil:
					received.Add(1)
					if n++; n == closeAt {
						rx.Close()
					}
				case ErrChannelClosed:
					return
				default:
					runtime.Gosched()
				}
			}
		})
		wg.Wait()
		if sent.Load()+failed.Load() != 800 || received.Load() != sent.Load() {
			t.Fatalf("sent %d, failed %d, received %d", sent.Load(), failed.Load(), received.Load())
		}
	}
}

// lossRun is one run of the "a value handed to Send is never lost"
// property: producers send through SendFutures under random timeouts and
// random aborts, the consumer receives slowly and sometimes closes early;
// afterwards every value handed to a send was either received or handed
// back by Unsent, never both, never neither.
func lossRun(t *testing.T, seed uint64, opts ...Option) (received, handedBack int) {
	t.Helper()
	const producers, perProducer = 4, 30
	rt := New(append([]Option{quiet}, opts...)...)
	defer rt.Close()
	r := rand.New(rand.NewPCG(seed, 7))
	var state [producers * perProducer]atomic.Int32 // 1 handed to a send, +2 received, +4 handed back
	tx, rx := NewChannel[int](2)
	closeAt := -1
	if r.IntN(3) == 0 {
		closeAt = r.IntN(producers * perProducer)
	}
	delays := make([]time.Duration, producers*perProducer)
	for i := range delays {
		delays[i] = time.Duration(r.IntN(4)) * time.Millisecond
	}
	abortAfter := make([]time.Duration, producers)
	for i := range abortAfter {
		abortAfter[i] = time.Duration(r.IntN(40)) * time.Millisecond
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		BlockOn(rt, Async(func(co *Co) int {
			hs := make([]*JoinHandle[int], producers)
			for p := range producers {
				hs[p] = Spawn(co, Async(func(co *Co) int {
					// Cloned in the body: a task aborted before its first
					// poll never runs, so its defers would not close a
					// handle cloned outside.
					txp := tx.Clone()
					defer txp.Close()
					for i := range perProducer {
						v := p*perProducer + i
						f := txp.SendFuture(v)
						state[v].Store(1)
						func() {
							defer func() {
								if u, ok := f.Unsent(); ok {
									state[u].Add(4)
								}
							}()
							Await(co, Timeout(delays[v], f))
						}()
					}
					return 0
				}))
			}
			cons := Spawn(co, Async(func(co *Co) int {
				n := 0
				for {
					v, ok := rx.Recv(co)
					if !ok {
						return n
					}
					state[v].Add(2)
					n++
					if n == closeAt {
						rx.Close()
					}
					if n%3 == 0 {
						Await(co, Sleep(time.Millisecond))
					}
				}
			}))
			for p, h := range hs {
				if abortAfter[p] < 30*time.Millisecond {
					Await(co, Sleep(abortAfter[p]/4))
					h.Abort()
				}
			}
			for _, h := range hs {
				h.Join(co)
			}
			tx.Close()
			cons.Join(co)
			return 0
		}))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		for _, ti := range rt.TaskDump() {
			t.Logf("task %d %s:%d %v polls=%d wakes=%d aborted=%v", ti.ID, ti.Function, ti.Line, ti.State, ti.Polls, ti.Wakes, ti.Aborted)
		}
		rx.c.mu.Lock()
		t.Logf("chan: len=%d senders=%d inflight=%d rxClosed=%v rxWaker=%v sem=%d waiters=%d", rx.c.buf.n, rx.c.senders, rx.c.inflight, rx.c.rxClosed, rx.c.rxWaker != nil, rx.c.sem.state.Load(), rx.c.sem.waiters.n)
		rx.c.mu.Unlock()
		t.Fatalf("seed %d: hung", seed)
	}
	counts := map[int32]int{}
	for v := range state {
		counts[state[v].Load()]++
	}
	for v := range state {
		switch s := state[v].Load(); s {
		case 0, 1 + 2, 1 + 4: // never handed to a send; received; handed back
		default:
			t.Fatalf("seed %d: value %d in state %d (1 = sent, +2 received, +4 handed back)", seed, v, s)
		}
	}
	return counts[3], counts[5]
}

// checkLossRuns makes sure the runs exercised both outcomes.
func checkLossRuns(t *testing.T, received, handedBack int) {
	if received == 0 || handedBack == 0 {
		t.Fatalf("vacuous runs: %d received, %d handed back", received, handedBack)
	}
}

func TestChannelSendNeverLostSeeded(t *testing.T) {
	received, handedBack := 0, 0
	for seed := range uint64(150) {
		if s := os.Getenv("LOSS_SEED"); s != "" && s != fmt.Sprint(seed) {
			continue
		}
		r, h := lossRun(t, seed, WithSeed(seed), WithPausedClock())
		received, handedBack = received+r, handedBack+h
	}
	checkLossRuns(t, received, handedBack)
}

func TestChannelSendNeverLostMultiWorker(t *testing.T) {
	received, handedBack := 0, 0
	for seed := range uint64(15) {
		r, h := lossRun(t, seed, WithWorkers(4), WithPausedClock())
		received, handedBack = received+r, handedBack+h
	}
	checkLossRuns(t, received, handedBack)
}

// --- oneshot ---

func TestOneshot(t *testing.T) {
	tx, rx := NewOneshot[string]()
	p := newProbe()
	mustPending(t, "rx", rx.Poll(p.cx))
	if err := tx.Send("hi"); err != nil {
		t.Fatal(err)
	}
	if !p.woken() {
		t.Fatal("receiver not woken")
	}
	if r := mustReady(t, "rx", rx.Poll(p.cx)); r.Value != "hi" || r.Err != nil {
		t.Fatalf("got %+v", r)
	}
	if tx.Send("again") != ErrChannelClosed {
		t.Fatal("second Send succeeded")
	}

	tx2, rx2 := NewOneshot[int]()
	tx2.Close()
	if _, err := rx2.TryRecv(); err != ErrChannelClosed {
		t.Fatalf("closed sender: %v", err)
	}

	tx3, rx3 := NewOneshot[int]()
	pc := newProbe()
	closed := tx3.ClosedFuture()
	mustPending(t, "closed", closed.Poll(pc.cx))
	if _, err := rx3.TryRecv(); err != ErrChannelEmpty {
		t.Fatalf("TryRecv: %v", err)
	}
	rx3.Close()
	if !pc.woken() || !tx3.IsClosed() {
		t.Fatal("ClosedFuture not woken")
	}
	mustReady(t, "closed", closed.Poll(pc.cx))
	if tx3.Send(1) != ErrChannelClosed {
		t.Fatal("Send to a closed receiver succeeded")
	}
}

func TestOneshotTasks(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	within(t, 5*time.Second, func() {
		v := BlockOn(rt, Async(func(co *Co) int {
			tx, rx := NewOneshot[int]()
			Spawn(co, Async(func(co *Co) int {
				Await(co, Sleep(time.Millisecond))
				tx.Send(42)
				return 0
			}))
			v, err := rx.Recv(co)
			if err != nil {
				t.Error(err)
			}
			return v
		}))
		if v != 42 {
			t.Fatalf("v = %d", v)
		}
	})
}

// --- broadcast ---

func TestBroadcastLag(t *testing.T) {
	tx, rx := NewBroadcast[int](2)
	rx2 := tx.Subscribe()
	for i := range 5 {
		if n, err := tx.Send(i); n != 2 || err != nil {
			t.Fatalf("Send: %d %v", n, err)
		}
	}
	_, err := rx.TryRecv()
	var lag *LaggedError
	if !errors.As(err, &lag) || lag.N != 3 {
		t.Fatalf("err = %v, want lagged by 3", err)
	}
	for _, want := range []int{3, 4} {
		if v, err := rx.TryRecv(); v != want || err != nil {
			t.Fatalf("got %d %v, want %d", v, err, want)
		}
	}
	if _, err := rx.TryRecv(); err != ErrChannelEmpty {
		t.Fatalf("empty: %v", err)
	}
	// rx2 lags independently.
	if _, err := rx2.TryRecv(); !errors.As(err, &lag) || lag.N != 3 {
		t.Fatalf("rx2: %v", err)
	}
	p := newProbe()
	f := rx.RecvFuture()
	mustPending(t, "recv", f.Poll(p.cx))
	tx.Send(5)
	if !p.woken() {
		t.Fatal("receiver not woken")
	}
	if r := mustReady(t, "recv", f.Poll(p.cx)); r.Value != 5 {
		t.Fatalf("got %+v", r)
	}
	tx.Close()
	if r := mustReady(t, "after close", rx.RecvFuture().Poll(p.cx)); r.Err != ErrChannelClosed {
		t.Fatalf("after close: %+v", r)
	}
	rx.Close()
	rx2.Close()
	if _, err := tx.Send(9); err != ErrChannelClosed {
		t.Fatalf("send with no receivers: %v", err)
	}
}

func TestBroadcastTasks(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	within(t, 5*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			tx, rx0 := NewBroadcast[int](16)
			var hs []*JoinHandle[int]
			for range 3 {
				rx := tx.Subscribe()
				hs = append(hs, Spawn(co, Async(func(co *Co) int {
					sum := 0
					for {
						v, err := rx.Recv(co)
						if err == ErrChannelClosed {
							return sum
						} else if err != nil {
							panic(err)
						}
						sum += v
					}
				})))
			}
			rx0.Close()
			for i := 1; i <= 10; i++ {
				tx.Send(i)
				if i%4 == 0 {
					Yield(co)
				}
			}
			tx.Close()
			for _, h := range hs {
				if v, err := h.Join(co); v != 55 || err != nil {
					t.Errorf("receiver got %d %v", v, err)
				}
			}
			return 0
		}))
	})
}

// --- watch ---

func TestWatch(t *testing.T) {
	tx, rx := NewWatch("init")
	if rx.Borrow() != "init" {
		t.Fatal("Borrow")
	}
	p := newProbe()
	f := rx.ChangedFuture()
	mustPending(t, "changed", f.Poll(p.cx))
	tx.Send("a")
	tx.Send("b") // intermediate values are skipped
	if !p.woken() {
		t.Fatal("not woken")
	}
	if err := mustReady(t, "changed", f.Poll(p.cx)); err != nil {
		t.Fatal(err)
	}
	if rx.Borrow() != "b" {
		t.Fatalf("Borrow = %q", rx.Borrow())
	}
	if ch, _ := rx.HasChanged(); ch {
		t.Fatal("HasChanged after Changed")
	}
	rx2 := rx.Clone()
	tx.SendModify(func(s *string) { *s += "!" })
	if v := rx2.BorrowAndUpdate(); v != "b!" {
		t.Fatalf("BorrowAndUpdate = %q", v)
	}
	if ch, _ := rx2.HasChanged(); ch {
		t.Fatal("seen value reported as changed")
	}
	f2 := rx2.ChangedFuture()
	mustPending(t, "rx2", f2.Poll(p.cx))
	Drop(f2)
	tx.Close()
	// rx has an unseen change: reported before the close.
	if err := mustReady(t, "rx", rx.ChangedFuture().Poll(p.cx)); err != nil {
		t.Fatal(err)
	}
	if err := mustReady(t, "rx closed", rx.ChangedFuture().Poll(p.cx)); err != ErrChannelClosed {
		t.Fatalf("err = %v", err)
	}
	tx2, rx3 := NewWatch(0)
	rx3.Close()
	if tx2.Send(1) != ErrChannelClosed || tx2.Borrow() != 0 {
		t.Fatal("Send with no receivers")
	}
	if old := tx2.SendReplace(2); old != 0 || tx2.Borrow() != 2 {
		t.Fatal("SendReplace")
	}
}
