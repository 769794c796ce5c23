package a

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
	"lib"
)

type message struct{ body []byte }

// readMessage is an async function: it receives a header, then a body.
func readMessage(rx *asyncrt.Receiver[[]byte]) asyncrt.Future[message] {
	return asyncrt.Async(func(co *asyncrt.Co) message {
		head, _ := rx.Recv(co)
		body, _ := rx.Recv(co)
		return message{append(head, body...)}
	})
}

func fetch(url string) asyncrt.Future[string] {
	return asyncrt.Async(func(co *asyncrt.Co) string {
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
		return url
	})
}

func handle(m message) {}

// ---- Positive ----

func serve(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], tick *asyncrt.Interval) {
	for {
		var m message
		switch asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(readMessage(rx), func(v message) { m = v }), // want `readMessage\(rx\) is not cancel-safe and is made anew in each iteration of this loop: when another branch of the asyncrt.Select wins, it is dropped and what it had done is lost; start it once before the loop as a task \(asyncrt.Spawn\) and wait for its JoinHandle, which a lost Select leaves running, spawning the next one only after it completed; or declare its function //asynclint:cancelsafe if dropping it loses nothing`
			asyncrt.Case(tick.Tick(), nil),
		)) {
		case 0:
			handle(m)
		case 1:
			continue
		}
	}
}

func inlineAsync(co *asyncrt.Co, rx *asyncrt.Receiver[int], stop *asyncrt.CancellationToken) int {
	total := 0
	for {
		won := asyncrt.Await(co, asyncrt.SelectBiased(
			asyncrt.Case(asyncrt.Async(func(co *asyncrt.Co) int { // want `asyncrt.Async\(…\) is not cancel-safe \(an async function dropped midway loses what it has done since it started \(values received, bytes read\)\) and is made anew in each iteration of this loop: when another branch of the asyncrt.SelectBiased wins`
				a, _ := rx.Recv(co)
				b, _ := rx.Recv(co)
				return a + b
			}), func(v int) { total += v }),
			asyncrt.Case(stop.Cancelled(), nil),
		))
		if won == 1 {
			return total
		}
	}
}

func raceLoop(co *asyncrt.Co, url string, attempts int) []string {
	var got []string
	for range attempts {
		got = append(got, asyncrt.Await(co, asyncrt.Race(fetch(url), fallback()))) // want `fetch\(url\) is not cancel-safe and is made anew in each iteration of this range loop: when another branch of the asyncrt.Race wins`
	}
	return got
}

func fallback() asyncrt.Future[string] {
	return asyncrt.Map(asyncrt.Sleep(time.Second), func(struct{}) string { return "" })
}

func declaredInLoop(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], stop *asyncrt.CancellationToken) {
	for {
		next := readMessage(rx) // want `readMessage\(rx\) is not cancel-safe`
		if asyncrt.Await(co, asyncrt.Select(asyncrt.Case(next, handle), asyncrt.Case(stop.Cancelled(), nil))) == 1 {
			return
		}
	}
}

func withTimeout(co *asyncrt.Co, url string, stop *asyncrt.CancellationToken) {
	for i := 0; i < 3; i++ {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.Timeout(time.Second, fetch(url)), nil), // want `fetch\(url\) is not cancel-safe`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func mapped(co *asyncrt.Co, url string, tick *asyncrt.Interval) {
	for {
		asyncrt.Await(co, asyncrt.Race(asyncrt.Map(fetch(url), func(s string) int { return len(s) }), asyncrt.Map(tick.Tick(), func(time.Time) int { return 0 }))) // want `fetch\(url\) is not cancel-safe`
	}
}

func nestedRace(co *asyncrt.Co, a, b string, stop *asyncrt.CancellationToken) {
	for i := 0; i < 3; i++ {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.Race(fetch(a), fetch(b)), nil), // want `fetch\(a\) is not cancel-safe`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func joined(co *asyncrt.Co, a, b string, tick *asyncrt.Interval) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.Join(fetch(a), fetch(b)), nil), // want `asyncrt.Join\(fetch\(a\), fetch\(b\)\) is not cancel-safe \(a join dropped after one of its futures completed loses that future's value\)`
			asyncrt.Case(tick.Tick(), nil),
		))
	}
}

func joinAll(co *asyncrt.Co, urls []string, tick *asyncrt.Interval) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.JoinAll(fetch(urls[0]), fetch(urls[1])), nil), // want `asyncrt.JoinAll\(.*\) is not cancel-safe \(a join dropped after some of its futures completed loses their values\)`
			asyncrt.Case(tick.Tick(), nil),
		))
	}
}

func collect(co *asyncrt.Co, s asyncrt.Stream[int], stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.Collect(s), nil), // want `asyncrt.Collect\(s\) is not cancel-safe \("It takes s over": the items collected so far are lost\)`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func onceCell(co *asyncrt.Co, cell *asyncrt.OnceCell[string], stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(cell.GetOrInitFuture(func() asyncrt.Future[string] { return fetch("cfg") }), nil), // want `cell.GetOrInitFuture\(.*\) is not cancel-safe \("Dropping it while init's future runs drops that future": the initialization starts over\)`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func abortOnDrop(co *asyncrt.Co, stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.AbortOnDrop(asyncrt.Spawn(co, fetch("job"))), nil), // want `asyncrt.AbortOnDrop\(.*\) is not cancel-safe \(dropping it aborts the task\)`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func pollFn(co *asyncrt.Co, stop *asyncrt.CancellationToken) {
	n := 0
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.PollFn(func(cx *asyncrt.Context) asyncrt.Poll[int] { // want `asyncrt.PollFn\(.*\) is not cancel-safe \(what the poll function keeps is dropped with it\)`
				n++
				cx.Waker().Wake()
				return asyncrt.Pending[int]()
			}), nil),
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

// A hand-written future type, made in the loop.
type frameReader struct {
	rx   *asyncrt.Receiver[[]byte]
	head []byte
}

func (f *frameReader) Poll(cx *asyncrt.Context) asyncrt.Poll[[]byte] {
	return asyncrt.Pending[[]byte]()
}

func userType(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case[[]byte](&frameReader{rx: rx}, nil), // want `&frameReader\{…\} is not cancel-safe`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func methodOfOtherPackage(co *asyncrt.Co, c *lib.Conn, stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(c.ReadFrame(), nil), // want `c.ReadFrame\(\) is not cancel-safe`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func functionValue(co *asyncrt.Co, mk func() asyncrt.Future[int], stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(mk(), nil), // want `mk\(\) is not cancel-safe`
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func inCondition(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], stop *asyncrt.CancellationToken) {
	for asyncrt.Await(co, asyncrt.Select(asyncrt.Case(readMessage(rx), handle), asyncrt.Case(stop.Cancelled(), nil))) == 0 { // want `readMessage\(rx\) is not cancel-safe`
	}
}

// ---- Negative ----

// Receives, waits and locks are cancel-safe.
func recvLoop(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], tick *asyncrt.Interval, stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(rx.RecvFuture(), nil),
			asyncrt.Case(tick.Tick(), nil),
			asyncrt.Case(asyncrt.Sleep(time.Second), nil),
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

func syncPrimitives(co *asyncrt.Co, mu *asyncrt.Mutex, rw *asyncrt.RWMutex, sem *asyncrt.Semaphore, n *asyncrt.Notify, b *asyncrt.Barrier) {
	for i := 0; i < 10; i++ {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(mu.LockFuture(), nil),
			asyncrt.Case(rw.RLockFuture(), nil),
			asyncrt.Case(sem.AcquireFuture(1), nil),
			asyncrt.Case(n.Notified(), nil),
			asyncrt.Case(b.WaitFuture(), nil),
		))
	}
}

func channels(co *asyncrt.Co, tx *asyncrt.Sender[int], brx *asyncrt.BroadcastReceiver[int], wrx *asyncrt.WatchReceiver[int], orx *asyncrt.OneshotReceiver[int]) {
	for v := 0; v < 10; v++ {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case[error](tx.SendFuture(v), nil),
			asyncrt.Case(brx.RecvFuture(), nil),
			asyncrt.Case(wrx.ChangedFuture(), nil),
			asyncrt.Case[asyncrt.Result[int]](orx, nil),
		))
	}
}

// Looked through: Timeout and Map of cancel-safe futures.
func wrappedSafe(co *asyncrt.Co, rx *asyncrt.Receiver[int], stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.Timeout(time.Second, rx.RecvFuture()), nil),
			asyncrt.Case(asyncrt.Map(stop.Cancelled(), func(struct{}) bool { return true }), nil),
		))
	}
}

// The right pattern: the work runs as a task started once, the loop waits
// for its JoinHandle (a lost Select leaves the task running), and the next
// one starts only after it completed.
func kept(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], tick *asyncrt.Interval) {
	next := asyncrt.Spawn(co, readMessage(rx))
	for {
		var m message
		if asyncrt.Await(co, asyncrt.Select(asyncrt.Case(next, func(r asyncrt.Result[message]) { m = r.Value }), asyncrt.Case(tick.Tick(), nil))) == 0 {
			handle(m)
			next = asyncrt.Spawn(co, readMessage(rx))
		}
	}
}

// Made once; the loop ends when the other branch wins, so the dropped
// future is never waited for again.
func inForInit(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], stop *asyncrt.CancellationToken) {
	for next := readMessage(rx); ; {
		if asyncrt.Await(co, asyncrt.Select(asyncrt.Case(next, handle), asyncrt.Case(stop.Cancelled(), nil))) == 1 {
			return
		}
	}
}

// Not in a loop.
func once(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte]) {
	asyncrt.Await(co, asyncrt.Select(asyncrt.Case(readMessage(rx), handle), asyncrt.Case(asyncrt.Sleep(time.Second), nil)))
}

// Declared cancel-safe, here and in another package.
//
//asynclint:cancelsafe it only wraps a receive
func nextChunk(rx *asyncrt.Receiver[[]byte]) asyncrt.Future[asyncrt.Next[[]byte]] {
	return rx.RecvFuture()
}

func declared(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], c *lib.Conn, stop *asyncrt.CancellationToken) {
	for {
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(nextChunk(rx), nil),
			asyncrt.Case(c.NextChunk(), nil),
			asyncrt.Case[string](&lib.Ping{}, nil),
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
}

// Futures made elsewhere: fields, elements, range variables, prebuilt cases.
type session struct {
	pending asyncrt.Future[message]
	futs    []asyncrt.Future[string]
}

func (s *session) fields(co *asyncrt.Co, stop *asyncrt.CancellationToken) {
	for i := range s.futs {
		asyncrt.Await(co, asyncrt.Select(asyncrt.Case(s.pending, handle), asyncrt.Case(s.futs[i], nil), asyncrt.Case(stop.Cancelled(), nil)))
	}
}

func rangeVar(co *asyncrt.Co, futs []asyncrt.Future[string]) {
	for _, f := range futs {
		asyncrt.Await(co, asyncrt.Race(f, fallbackSafe()))
	}
}

func fallbackSafe() asyncrt.Future[string] { return asyncrt.ReadyFuture("") }

func prebuilt(co *asyncrt.Co, cases []asyncrt.SelectCase, futs []asyncrt.Future[int]) {
	for i := 0; i < 3; i++ {
		asyncrt.Await(co, asyncrt.Select(cases...))
		asyncrt.Await(co, asyncrt.Race(futs...))
	}
}

// Spawned tasks run on when their handle loses.
func spawned(co *asyncrt.Co, urls []string, stop *asyncrt.CancellationToken) {
	for _, u := range urls {
		asyncrt.Await(co, asyncrt.Select(asyncrt.Case(asyncrt.Spawn(co, fetch(u)), nil), asyncrt.Case(stop.Cancelled(), nil)))
	}
}

// A Select in a literal made in the loop runs wherever the literal does.
func literal(co *asyncrt.Co, rx *asyncrt.Receiver[[]byte], stop *asyncrt.CancellationToken) {
	for i := 0; i < 3; i++ {
		asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
			return asyncrt.Await(co, asyncrt.Select(asyncrt.Case(readMessage(rx), handle), asyncrt.Case(stop.Cancelled(), nil)))
		}))
	}
}

// Streams: NextItem is cancel-safe.
func stream(co *asyncrt.Co, s asyncrt.Stream[int], stop *asyncrt.CancellationToken) {
	for {
		if asyncrt.Await(co, asyncrt.Select(asyncrt.Case(asyncrt.NextItem(s), nil), asyncrt.Case(stop.Cancelled(), nil))) == 1 {
			return
		}
	}
}

// Each iteration a different operation: losing it to the timeout or the
// race is the point.
func perItem(co *asyncrt.Co, urls []string, stop *asyncrt.CancellationToken) {
	for _, u := range urls {
		asyncrt.Await(co, asyncrt.Race(fetch(u), fallback()))
		asyncrt.Await(co, asyncrt.Select(
			asyncrt.Case(asyncrt.Timeout(time.Second, fetch(u)), nil),
			asyncrt.Case(stop.Cancelled(), nil),
		))
	}
	for i := 0; i < len(urls); i++ {
		asyncrt.Await(co, asyncrt.Race(fetch(urls[i]), fallback()))
	}
}

// fallback is inferred cancel-safe: it returns Map of a Sleep.
func safeHelper(co *asyncrt.Co, rx *asyncrt.Receiver[int]) {
	for {
		asyncrt.Await(co, asyncrt.Select(asyncrt.Case(fallback(), nil), asyncrt.Case(rx.RecvFuture(), nil)))
	}
}

func inferredElsewhere(co *asyncrt.Co, rx *asyncrt.Receiver[int]) {
	for {
		asyncrt.Await(co, asyncrt.Select(asyncrt.Case(lib.Heartbeat(), nil), asyncrt.Case(rx.RecvFuture(), nil)))
	}
}
