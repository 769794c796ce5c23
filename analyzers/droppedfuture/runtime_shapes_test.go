//asynclint:file-ignore droppedfuture every future this file drops, it drops on purpose: the tests prove they never run

package droppedfuture_test

// The shapes of dropped futures, written once and used twice:
// runtime_test.go runs each shape on the real asyncrt runtime and proves
// that every future marked `want` below is created and never runs, and
// TestRuntimeShapes runs the analyzer over this same file
// (testdata/src/rtshapes/shapes.go is a symlink to it) and proves that every
// such future is reported, and nothing else. Each shape mirrors a case of
// testdata/src/a named in its comment. This file may import only asyncrt
// and the standard library: analysistest loads it from GOPATH testdata.

import (
	"errors"
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// probe records, by name, which futures were created and which ran.
type probe struct {
	mu   sync.Mutex
	made map[string]int
	ran  map[string]int
}

func newProbe() *probe {
	return &probe{made: map[string]int{}, ran: map[string]int{}}
}

func (p *probe) note(m map[string]int, name string) {
	p.mu.Lock()
	m[name]++
	p.mu.Unlock()
}

func (p *probe) count(m map[string]int, name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return m[name]
}

// job returns a future whose body records that it ran.
func (p *probe) job(name string) asyncrt.Future[int] {
	p.note(p.made, name)
	return asyncrt.Async(func(co *asyncrt.Co) int {
		p.note(p.ran, name)
		return 1
	})
}

// jobErr is job with the (future, error) constructor contract.
func (p *probe) jobErr(name string) (asyncrt.Future[int], error) {
	return p.job(name), nil
}

// probeFuture is a user-defined future whose Poll records that it ran.
type probeFuture struct {
	p    *probe
	name string
}

func (f *probeFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	f.p.note(f.p.ran, f.name)
	return asyncrt.Ready(1)
}

func (p *probe) custom(name string) *probeFuture {
	p.note(p.made, name)
	return &probeFuture{p: p, name: name}
}

// valueFuture is a user-defined future with a value receiver.
type valueFuture struct {
	p    *probe
	name string
}

func (f valueFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[struct{}] {
	f.p.note(f.p.ran, f.name)
	return asyncrt.Ready(struct{}{})
}

func (p *probe) value(name string) valueFuture {
	p.note(p.made, name)
	return valueFuture{p: p, name: name}
}

// a.exprStmt
func shapeExprStmt(co *asyncrt.Co, p *probe) {
	p.job("dropped") // want `returned by p\.job is dropped`
}

// a.asyncLiteral
func shapeAsyncLiteral(co *asyncrt.Co, p *probe) {
	p.note(p.made, "dropped")
	asyncrt.Async(func(co *asyncrt.Co) int { p.note(p.ran, "dropped"); return 1 }) // want `returned by asyncrt\.Async is dropped`
}

// a.sleepDropped: a sleep that does not sleep. The runner's timeout is far
// shorter than the hour: the shape finishes only because nothing waits.
func shapeSleep(co *asyncrt.Co, p *probe) {
	asyncrt.Sleep(time.Hour) // want `returned by asyncrt\.Sleep is dropped`
	p.note(p.ran, "after sleep")
}

// a.tick: an interval that does not pace the loop.
func shapeTick(co *asyncrt.Co, p *probe) {
	iv := asyncrt.NewInterval(time.Hour)
	for range 3 {
		iv.Tick() // want `returned by iv\.Tick is dropped`
		p.note(p.ran, "tick")
	}
}

// a.blank
func shapeBlank(co *asyncrt.Co, p *probe) {
	_ = p.job("dropped") // want `returned by p\.job is assigned to _`
}

// a.tupleBlank
func shapeTupleBlank(co *asyncrt.Co, p *probe) {
	_, err := p.jobErr("dropped") // want `returned by p\.jobErr is assigned to _`
	if err != nil {
		panic(err)
	}
}

// a.methodValue
func shapeMethodValue(co *asyncrt.Co, p *probe) {
	get := p.job
	get("dropped") // want `returned by get is dropped`
}

// a.goStmt: the goroutine calls job and discards the future.
func shapeGo(co *asyncrt.Co, p *probe) {
	go p.job("dropped") // want `returned by p\.job is discarded by the go statement`
}

// a.userType
func shapeUserType(co *asyncrt.Co, p *probe) {
	p.custom("dropped") // want `future \*probeFuture returned by p\.custom is dropped`
}

// a.userValue
func shapeUserValue(co *asyncrt.Co, p *probe) {
	p.value("dropped") // want `future valueFuture returned by p\.value is dropped`
}

// a.overwrittenAtOnce
func shapeOverwritten(co *asyncrt.Co, p *probe) {
	f := p.job("first") // want `f, the asyncrt\.Future\[int\] returned by p\.job, is overwritten before it is used`
	f = p.job("second")
	asyncrt.Await(co, f)
}

// a.viaInterface
func shapeViaInterface(co *asyncrt.Co, p *probe) {
	var x any = p.job("dropped") // want `x, the asyncrt\.Future\[int\] returned by p\.job, is dropped on a path to the end of the function`
	if x == nil {
		panic("nil future")
	}
}

// a.nested: the future an async block returns, dropped with Await's result.
func shapeNested(co *asyncrt.Co, p *probe) {
	asyncrt.Await(co, asyncrt.Async(func(co *asyncrt.Co) asyncrt.Future[int] { return p.job("dropped") })) // want `returned by asyncrt\.Await is dropped`
}

// a.oneBranch, taking the branch that forgets the future.
func shapeOneBranch(co *asyncrt.Co, p *probe) {
	oneBranch(co, p, false)
}

func oneBranch(co *asyncrt.Co, p *probe, ok bool) int {
	f := p.job("dropped") // want `is dropped on the path to the return at line 182`
	if ok {
		return asyncrt.Await(co, f)
	}
	return 0
}

// a.reassignedOnBranch
func shapeReassigned(co *asyncrt.Co, p *probe) {
	reassigned(co, p, true)
}

func reassigned(co *asyncrt.Co, p *probe, ok bool) {
	f := p.job("first") // want `is overwritten at line 193 before it is used`
	if ok {
		f = p.job("second")
	}
	asyncrt.Await(co, f)
}

// a.switchCase
func shapeSwitch(co *asyncrt.Co, p *probe) {
	switchCase(co, p, 2)
}

func switchCase(co *asyncrt.Co, p *probe, mode int) int {
	f := p.job("dropped") // want `dropped on the path to the return at line 211`
	switch mode {
	case 0:
		return asyncrt.Await(co, f)
	case 1:
		asyncrt.Spawn(co, f)
	}
	return 0
}

// a.lastOnly: only the last iteration's future runs.
func shapeLastOnly(co *asyncrt.Co, p *probe) {
	var f asyncrt.Future[int]
	for _, name := range []string{"first", "second", "last"} {
		f = p.job(name) // want `dropped when the loop goes round again before it is used`
	}
	asyncrt.Await(co, f)
}

// a.skipped: continue skips the await.
func shapeSkipped(co *asyncrt.Co, p *probe) {
	for _, name := range []string{"kept", "dropped"} {
		f := p.job(name) // want `dropped when the loop goes round again before it is used`
		if name == "dropped" {
			continue
		}
		asyncrt.Await(co, f)
	}
}

// a.prevReplaced: the previous future is awaited only for long names.
func shapePrevReplaced(co *asyncrt.Co, p *probe) {
	var prev asyncrt.Future[int]
	for _, name := range []string{"dropped", "x", "last"} {
		if prev != nil && len(name) > 3 {
			asyncrt.Await(co, prev)
		}
		prev = p.job(name) // want `prev, the asyncrt\.Future\[int\] returned by p\.job, is dropped when the loop goes round again before it is used`
	}
	if prev != nil {
		asyncrt.Await(co, prev)
	}
}

// a.capturedUnused
func shapeCapturedUnused(co *asyncrt.Co, p *probe) {
	f := p.job("dropped") // want `is dropped on a path to the end of the function`
	g := func() { asyncrt.Await(co, f) }
	_ = g
}

// a.capturedOverwritten: the closure runs after its variable was replaced.
func shapeCapturedOverwritten(co *asyncrt.Co, p *probe) {
	f := p.job("first") // want `is overwritten at line 259 before it is used`
	run := func() { asyncrt.Await(co, f) }
	f = p.job("second")
	run()
}

// a.boundNeverCalled
func shapeBoundNeverCalled(co *asyncrt.Co, p *probe) {
	f := p.custom("dropped") // want `is dropped on a path to the end of the function`
	poll := f.Poll
	_ = poll
}

// a.insideLiteral: a dropped future inside a spawned async block.
func shapeInsideLiteral(co *asyncrt.Co, p *probe) {
	h := asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
		p.job("dropped") // want `returned by p\.job is dropped`
		p.note(p.ran, "spawned")
		return 1
	}))
	if _, err := h.Join(co); err != nil {
		panic(err)
	}
}

// a.typeParam
func shapeTypeParam(co *asyncrt.Co, p *probe) {
	typeParam(co, func() *probeFuture { return p.custom("dropped") })
}

func typeParam[F asyncrt.Future[int]](co *asyncrt.Co, make func() F) {
	make() // want `future F returned by make is dropped`
}

// a.genericCall
func ready[T any](p *probe, name string, v T) asyncrt.Future[T] {
	p.note(p.made, name)
	return asyncrt.Async(func(co *asyncrt.Co) T { p.note(p.ran, name); return v })
}

func shapeGenericCall(co *asyncrt.Co, p *probe) {
	ready(p, "dropped", "x") // want `the asyncrt\.Future\[string\] returned by ready is dropped`
}

// a.handleError: the task runs, but the error it returns reaches nobody.
var errTask = errors.New("droppedfuture: task error nobody sees")

func shapeHandleError(co *asyncrt.Co, p *probe) {
	asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) error { // want `JoinHandle\[error\] returned by asyncrt\.Spawn is dropped, so the task's error is lost`
		p.note(p.ran, "task")
		return errTask
	}))
}
