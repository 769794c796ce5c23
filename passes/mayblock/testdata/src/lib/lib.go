// Package lib is a library whose blocking helpers are known to importers
// through facts.
package lib

import (
	"database/sql"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func Sleepy() { // want Sleepy:`mayblock\(sleep: time.Sleep\)`
	time.Sleep(time.Millisecond)
}

// Two calls deep, through an unexported helper (which has no fact of its
// own: facts are for exported names).
func Outer() { // want Outer:`mayblock\(sleep: lib.middle → lib.Sleepy → time.Sleep\)`
	middle()
}

func middle() { Sleepy() }

func ReadConfig(path string) ([]byte, error) { // want ReadConfig:`mayblock\(io: os.ReadFile → os.Open\)`
	return os.ReadFile(path)
}

// Mutual recursion: Odd reaches the sleep through Even; the search
// terminates.
func Even(n int) bool { // want Even:`mayblock\(sleep: time.Sleep\)`
	if n == 0 {
		time.Sleep(time.Millisecond)
		return true
	}
	return Odd(n - 1)
}

func Odd(n int) bool { // want Odd:`mayblock\(sleep: lib.Even → time.Sleep\)`
	if n == 0 {
		return false
	}
	return Even(n - 1)
}

// Recursion without blocking: no fact, no endless loop.
func Countdown(n int) int {
	if n > 0 {
		return Countdown(n - 1)
	}
	return 0
}

// The shortest chain wins, whatever the order of the calls.
func Shortest() { // want Shortest:`mayblock\(sleep: time.Sleep\)`
	Outer()
	time.Sleep(time.Millisecond)
}

// Generics.
func SleepEach[T any](xs []T) { // want SleepEach:`mayblock\(sleep: time.Sleep\)`
	for range xs {
		time.Sleep(time.Millisecond)
	}
}

func Apply[T any](x T, f func(T) T) T { return f(x) } // a function value: not followed

type Queue[T any] struct{ ch chan T }

func (q *Queue[T]) Pop() T { // want Pop:`mayblock\(channel: channel receive\)`
	return <-q.ch
}

func (q *Queue[T]) TryPop() (T, bool) {
	select {
	case v := <-q.ch:
		return v, true
	default:
		var zero T
		return zero, false
	}
}

// Closures, defers, method values and method expressions.
func Closure() { // want Closure:`mayblock\(sleep: lib.Closure.func1 → time.Sleep\)`
	f := func() { time.Sleep(time.Millisecond) }
	f()
}

func Immediate(wg *sync.WaitGroup) { // want Immediate:`mayblock\(wait: lib.Immediate.func1 → \(\*sync.WaitGroup\).Wait\)`
	func() { wg.Wait() }()
}

func Deferred() { // want Deferred:`mayblock\(sleep: lib.Sleepy → time.Sleep\)`
	defer Sleepy()
}

type Svc struct{}

func (s *Svc) Slow() { // want Slow:`mayblock\(sleep: time.Sleep\)`
	time.Sleep(time.Millisecond)
}

func (s *Svc) Fast() {}

func MethodValue(s *Svc) { // want MethodValue:`mayblock\(sleep: \(\*lib.Svc\).Slow → time.Sleep\)`
	f := s.Slow
	f()
}

func MethodExpr(s *Svc) { // want MethodExpr:`mayblock\(sleep: \(\*lib.Svc\).Slow → time.Sleep\)`
	(*Svc).Slow(s)
}

// Not followed: go statements, function values, interfaces.
func GoStmt() {
	go func() { time.Sleep(time.Millisecond) }()
	go Sleepy()
}

func FuncValue(f func()) { f() }

func Reader(r io.Reader) { r.Read(nil) }

// Interface methods of the knowledge base do count.
func ConnRead(c net.Conn) { // want ConnRead:`mayblock\(io: \(net.Conn\).Read\)`
	c.Read(nil)
}

func Accept(l net.Listener) { // want Accept:`mayblock\(io: \(net.Listener\).Accept\)`
	l.Accept()
}

// Channel operations.
func SelectDefault(ch chan int) {
	select {
	case <-ch:
	default:
	}
}

func SelectBlocks(ch chan int) { // want SelectBlocks:`mayblock\(channel: select without default\)`
	select {
	case <-ch:
	case ch <- 1:
	}
}

func After() { // want After:`mayblock\(sleep: receive from a time channel\)`
	<-time.After(time.Millisecond)
}

func TimerC(t *time.Timer) { // want TimerC:`mayblock\(sleep: receive from a time channel\)`
	<-t.C
}

func RangeChan(ch chan int) { // want RangeChan:`mayblock\(channel: range over channel\)`
	for range ch {
	}
}

func Send(ch chan int) { // want Send:`mayblock\(channel: channel send\)`
	ch <- 1
}

func Forever() { // want Forever:`mayblock\(channel: empty select\)`
	select {}
}

// One evidence per class.
func Mixed(ch chan int, wg *sync.WaitGroup) { // want Mixed:`mayblock\(sleep: lib.Sleepy → time.Sleep; channel: channel receive; wait: \(\*sync.WaitGroup\).Wait\)`
	Sleepy()
	<-ch
	wg.Wait()
}

// Printing and logging are not blocking.
func Logs() {
	fmt.Println("x")
	fmt.Printf("%d\n", 1)
	fmt.Fprintln(os.Stderr, "x")
	log.Printf("x")
	slog.Info("x")
	os.Stdout.WriteString("x")
	os.Stderr.Write(nil)
}

// Locks are not blocking operations (see knowledge.go).
func Locks(mu *sync.Mutex, rw *sync.RWMutex) {
	mu.Lock()
	mu.Unlock()
	rw.RLock()
	rw.RUnlock()
}

func Wait(wg *sync.WaitGroup) { // want Wait:`mayblock\(wait: \(\*sync.WaitGroup\).Wait\)`
	wg.Wait()
}

func Cond(c *sync.Cond) { // want Cond:`mayblock\(wait: \(\*sync.Cond\).Wait\)`
	c.Wait()
}

func WriteFile(f *os.File) { // want WriteFile:`mayblock\(io: \(\*os.File\).Write\)`
	f.Write(nil)
}

func Query(db *sql.DB) { // want Query:`mayblock\(io: \(\*sql.DB\).Query\)`
	db.Query("select 1")
}

func Command() { // want Command:`mayblock\(io: \(\*exec.Cmd\).Run\)`
	exec.Command("true").Run()
}

func Fetch() { // want Fetch:`mayblock\(io: http.Get\)`
	http.Get("http://example.com")
}

func Dial() { // want Dial:`mayblock\(io: net.Dial\)`
	net.Dial("tcp", "example.com:80")
}

// Directives.

// Declared is a blocking operation by the user's word.
//
//asynclint:blocking it waits for a hardware interrupt
func Declared() {} // want Declared:`mayblock\(declared: lib.Declared\)`

func UsesDeclared() { // want UsesDeclared:`mayblock\(declared: lib.Declared\)`
	Declared()
}

// Ready never blocks: the channel is always filled before.
//
//asynclint:nonblocking
func Ready(ch chan int) int { return <-ch }

func UsesReady(ch chan int) int { return Ready(ch) }

// asyncrt: awaiting suspends, it does not block; BlockOn does.
func Awaits(co *asyncrt.Co) {
	asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
	asyncrt.Yield(co)
}

func Nested(rt *asyncrt.Runtime) { // want Nested:`mayblock\(runtime: asyncrt.BlockOn\)`
	asyncrt.BlockOn(rt, asyncrt.Sleep(time.Millisecond))
}

// A long chain is abbreviated in the fact: the first calls, "…", and the
// operation.
func Deep1()  { Deep2() }       // want Deep1:`mayblock\(sleep: lib.Deep2 → lib.Deep3 → lib.Deep4 → lib.Deep5 → lib.Deep6 → lib.Deep7 → lib.Deep8 → lib.Deep9 → … → time.Sleep\)`
func Deep2()  { Deep3() }       // want Deep2:`mayblock\(sleep: lib.Deep3 → lib.Deep4 → lib.Deep5 → lib.Deep6 → lib.Deep7 → lib.Deep8 → lib.Deep9 → lib.Deep10 → … → time.Sleep\)`
func Deep3()  { Deep4() }       // want Deep3:`mayblock\(sleep: lib.Deep4 → lib.Deep5 → lib.Deep6 → lib.Deep7 → lib.Deep8 → lib.Deep9 → lib.Deep10 → lib.Deep11 → lib.Deep12 → time.Sleep\)`
func Deep4()  { Deep5() }       // want Deep4:`.*`
func Deep5()  { Deep6() }       // want Deep5:`.*`
func Deep6()  { Deep7() }       // want Deep6:`.*`
func Deep7()  { Deep8() }       // want Deep7:`.*`
func Deep8()  { Deep9() }       // want Deep8:`.*`
func Deep9()  { Deep10() }      // want Deep9:`.*`
func Deep10() { Deep11() }      // want Deep10:`.*`
func Deep11() { Deep12() }      // want Deep11:`.*`
func Deep12() { time.Sleep(1) } // want Deep12:`mayblock\(sleep: time.Sleep\)`
