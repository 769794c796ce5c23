package a

import (
	"database/sql"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
	"helpers"
)

// ---- Positive: direct blocking operations in async functions ----

func recvInTask(co *asyncrt.Co, ch chan int) int {
	return <-ch // want `channel receive blocks an executor worker: every other task on it waits; use an asyncrt channel`
}

func sendInTask(co *asyncrt.Co, ch chan int) {
	ch <- 1 // want `channel send blocks an executor worker`
}

func selectInTask(co *asyncrt.Co, a, b chan int) {
	select { // want `select without default blocks an executor worker: .* \(or add a default case`
	case <-a:
	case <-b:
	}
}

func rangeInTask(co *asyncrt.Co, ch chan int) {
	for v := range ch { // want `range over channel blocks an executor worker`
		_ = v
	}
	for range ch { // want `range over channel blocks an executor worker`
	}
}

func afterInTask(co *asyncrt.Co) {
	<-time.After(time.Second) // want `receive from a time channel blocks an executor worker: every other task on it waits; await asyncrt.Sleep`
}

func waitGroupInTask(co *asyncrt.Co, wg *sync.WaitGroup) {
	wg.Wait() // want `\(\*sync.WaitGroup\).Wait blocks an executor worker: every other task on it waits; await the tasks' JoinHandles`
}

func condInTask(co *asyncrt.Co, c *sync.Cond) {
	c.Wait() // want `\(\*sync.Cond\).Wait blocks an executor worker`
}

func fileInTask(co *asyncrt.Co) {
	f, err := os.Open("data.txt") // want `os.Open blocks an executor worker: every other task on it waits; run it with asyncrt.SpawnBlocking`
	if err != nil {
		return
	}
	buf := make([]byte, 10)
	f.Read(buf) // want `\(\*os.File\).Read blocks an executor worker`
}

func netInTask(co *asyncrt.Co, c net.Conn) {
	c.Write([]byte("x"))                                         // want `\(net.Conn\).Write blocks an executor worker`
	if _, err := net.Dial("tcp", "example.com:80"); err != nil { // want `net.Dial blocks an executor worker`
		return
	}
}

func httpInTask(co *asyncrt.Co) {
	http.Get("https://example.com") // want `http.Get blocks an executor worker`
}

func execInTask(co *asyncrt.Co) {
	exec.Command("ls").Output() // want `\(\*exec.Cmd\).Output blocks an executor worker`
}

func sqlInTask(co *asyncrt.Co, db *sql.DB) {
	db.Ping() // want `\(\*sql.DB\).Ping blocks an executor worker`
}

func deferredWait(co *asyncrt.Co, wg *sync.WaitGroup) {
	defer wg.Wait() // want `\(\*sync.WaitGroup\).Wait blocks an executor worker`
}

// ---- Positive: through helpers ----

func twoDeep(co *asyncrt.Co) {
	helpers.LoadConfig("x") // want `helpers.LoadConfig may block an executor worker \(helpers.LoadConfig → helpers.readAll → os.ReadFile → os.Open\): every other task on it waits; run it with asyncrt.SpawnBlocking and await the JoinHandle`
}

func localHelper(co *asyncrt.Co) {
	pause() // want `a.pause may block an executor worker \(a.pause → a.nap → time.Sleep\)`
}

func pause() { nap() }

func nap() { time.Sleep(time.Millisecond) }

func recursive(co *asyncrt.Co) {
	helpers.Retry(3, func() error { return nil }) // want `helpers.Retry may block an executor worker \(helpers.Retry → helpers.Backoff → time.Sleep\)`
}

func generic(co *asyncrt.Co, c *helpers.Cache[string, int]) int {
	return c.Get("k") // want `\(\*helpers.Cache\[K, V\]\).Get may block an executor worker \(\(\*helpers.Cache\[K, V\]\).Get → channel receive\)`
}

func localGeneric[T any](co *asyncrt.Co, ch chan T) T {
	return <-ch // want `channel receive blocks an executor worker`
}

func methodValue(co *asyncrt.Co, p *helpers.Pool) {
	drain := p.Drain
	drain() // want `\(\*helpers.Pool\).Drain may block an executor worker \(\(\*helpers.Pool\).Drain → \(\*sync.WaitGroup\).Wait\)`
}

func closureVar(co *asyncrt.Co, wg *sync.WaitGroup) {
	wait := func() {
		wg.Wait() // want `\(\*sync.WaitGroup\).Wait blocks an executor worker`
	}
	wait()
}

func closureInline(co *asyncrt.Co) {
	func() {
		helpers.Backoff(1) // want `helpers.Backoff may block an executor worker`
	}()
}

// A closure that is also handed on is not inline: it is reported at the
// call, through its may-block summary.
func closureEscapes(co *asyncrt.Co, ch chan int) {
	get := func() int { return <-ch }
	keep(get)
	get() // want `a.closureEscapes.func1 may block an executor worker \(a.closureEscapes.func1 → channel receive\)`
}

func keep(f func() int) {}

func foreignAsync(co *asyncrt.Co) int {
	return helpers.Fetch(co) // want `helpers.Fetch may block an executor worker \(helpers.Fetch → time.Sleep\)`
}

func declared(co *asyncrt.Co) {
	helpers.Spin() // want `helpers.Spin blocks an executor worker: every other task on it waits; run it with asyncrt.SpawnBlocking`
}

//asynclint:blocking waits for the device
func localDeclared() {}

func usesLocalDeclared(co *asyncrt.Co) {
	localDeclared() // want `a.localDeclared blocks an executor worker`
}

// Related information points at the operation in this package.
func related(co *asyncrt.Co) {
	pause() // want `a.pause may block`
}

// ---- Positive: Poll methods and poll functions ----

type slowFuture struct{ ch chan int }

func (f *slowFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	time.Sleep(time.Millisecond) // want `time.Sleep blocks an executor worker: every other task on it waits; keep cx.Waker\(\) and return Pending`
	return asyncrt.Ready(<-f.ch) // want `channel receive blocks an executor worker: every other task on it waits; keep cx.Waker\(\)`
}

type lineStream struct{ r *os.File }

func (s lineStream) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[string]] {
	helpers.LoadConfig("x") // want `helpers.LoadConfig may block an executor worker .*; keep cx.Waker\(\) and return Pending`
	return asyncrt.Ready(asyncrt.Done[string]())
}

func pollFn(cx *asyncrt.Context) asyncrt.Poll[int] {
	var wg sync.WaitGroup
	wg.Wait() // want `\(\*sync.WaitGroup\).Wait blocks an executor worker`
	return asyncrt.Ready(1)
}

// Inside an Async literal.
func literal(rt *asyncrt.Runtime) asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int {
		ch := make(chan int)
		return <-ch // want `channel receive blocks an executor worker`
	})
}

// ---- Negative: not async context ----

func plain(ch chan int) int {
	time.Sleep(time.Millisecond)
	return <-ch
}

func goStatement(co *asyncrt.Co, ch chan int) {
	go func() {
		time.Sleep(time.Second)
		ch <- 1
	}()
	go helpers.Backoff(2)
	go nap()
}

func spawnBlocking(co *asyncrt.Co) ([]byte, error) {
	h := asyncrt.SpawnBlocking(co, func() []byte {
		b, _ := os.ReadFile("big.bin")
		time.Sleep(time.Millisecond)
		return b
	})
	return h.Join(co)
}

func passedElsewhere(co *asyncrt.Co, xs []int, ch chan int) {
	once := &sync.Once{}
	once.Do(func() { <-ch })
	stored = func() { time.Sleep(1) }
}

var stored func()

// ---- Negative: not blocking ----

// Entering a nested runtime is the nestedblockon check's finding, not this
// one's.
func blockOnInTask(co *asyncrt.Co, rt *asyncrt.Runtime) {
	asyncrt.BlockOn(rt, asyncrt.Sleep(time.Millisecond))
	nested(rt)
}

func nested(rt *asyncrt.Runtime) { asyncrt.Run(asyncrt.Sleep(time.Millisecond)) }

func selectDefault(co *asyncrt.Co, ch chan int) {
	select {
	case v := <-ch:
		_ = v
	default:
	}
}

func awaits(co *asyncrt.Co) {
	asyncrt.Await(co, asyncrt.Sleep(time.Second))
	asyncrt.Yield(co)
	h := asyncrt.Spawn(co, asyncrt.Sleep(time.Millisecond))
	h.Join(co)
	helpers.Tick(co)
}

func logging(co *asyncrt.Co) {
	fmt.Println("starting")
	fmt.Printf("%d\n", 1)
	log.Printf("x")
	fmt.Fprintln(os.Stderr, "warn")
	os.Stdout.WriteString("out")
}

func locking(co *asyncrt.Co, mu *sync.Mutex, p *helpers.Pool) int {
	mu.Lock()
	defer mu.Unlock()
	return p.Len()
}

func pure(co *asyncrt.Co) int {
	return helpers.Pure(2) + helpers.Fib(10)
}

func nonblockingDirective(co *asyncrt.Co, ch chan int) int {
	return helpers.Drained(ch)
}

func peek(co *asyncrt.Co, c *helpers.Cache[string, int]) {
	c.Peek("k")
}

// Interfaces and function values are not followed.
func throughInterface(co *asyncrt.Co, r io.Reader, f func()) {
	r.Read(nil)
	f()
}

// A call to an async function of this package is not reported at the call:
// its own body is checked.
func callsAsync(co *asyncrt.Co, ch chan int) {
	recvInTask(co, ch)
	task := blockOnInTask
	_ = task
}

// The body of a nonblocking function is trusted.
//
//asynclint:nonblocking the channel is buffered and filled before
func trusted(co *asyncrt.Co, ch chan int) int {
	return <-ch
}

func callsTrusted(co *asyncrt.Co, ch chan int) int {
	return trusted(co, ch)
}

// Poll methods that do not block.
type readyFuture struct{}

func (readyFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	cx.Waker().Wake()
	return asyncrt.Pending[int]()
}

// Methods named Poll without the future signature are not async.
type notFuture struct{ ch chan int }

func (n notFuture) Poll() int { return <-n.ch }

// A go statement inside an inline closure.
func goInInline(co *asyncrt.Co, ch chan int) {
	func() {
		go func() { <-ch }()
	}()
}
