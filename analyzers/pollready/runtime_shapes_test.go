//asynclint:file-ignore pollready every re-poll in this file is deliberate: the tests prove what it does

package pollready_test

// Hand-written combinators, written once and used twice: runtime_test.go
// runs them on the real asyncrt runtime and shows what polling a finished
// child does, and TestRuntimeShapes runs the analyzer over this same file
// (testdata/src/rtshapes/shapes.go is a symlink to it) and checks that
// exactly the combinators that re-poll are reported. This file may import
// only asyncrt and the standard library: analysistest loads it from
// GOPATH testdata.

import (
	"sync/atomic"

	"github.com/asynclint/asynclint/asyncrt"
)

// join polls both children on every call.
type join struct {
	a, b     asyncrt.Future[int]
	av, bv   int
	aok, bok bool
}

func (j *join) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if v, ok := j.a.Poll(cx).Value(); ok { // want `j.a is polled again on the next call of Poll`
		j.av, j.aok = v, true
	}
	if v, ok := j.b.Poll(cx).Value(); ok { // want `j.b is polled again on the next call of Poll`
		j.bv, j.bok = v, true
	}
	if j.aok && j.bok {
		return asyncrt.Ready(j.av + j.bv)
	}
	return asyncrt.Pending[int]()
}

// fusedJoin records each child's completion and skips it afterwards.
type fusedJoin struct {
	a, b     asyncrt.Future[int]
	av, bv   int
	aok, bok bool
}

func (j *fusedJoin) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if !j.aok {
		if v, ok := j.a.Poll(cx).Value(); ok {
			j.av, j.aok = v, true
		}
	}
	if !j.bok {
		if v, ok := j.b.Poll(cx).Value(); ok {
			j.bv, j.bok = v, true
		}
	}
	if j.aok && j.bok {
		return asyncrt.Ready(j.av + j.bv)
	}
	return asyncrt.Pending[int]()
}

// charge is a user future with a side effect: it charges a card once,
// when polled, and is Ready at once.
type charge struct{ charged *atomic.Int32 }

func (c *charge) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	c.charged.Add(1)
	return asyncrt.Ready(100)
}

// later is Ready on its third poll, waking itself in between.
type later struct{ polls int }

func (l *later) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	l.polls++
	if l.polls < 3 {
		cx.Waker().Wake()
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(1)
}
