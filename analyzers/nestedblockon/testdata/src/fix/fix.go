package fix

import (
	rtm "github.com/asynclint/asynclint/asyncrt"
)

type service struct {
	rt   *rtm.Runtime
	name string
}

var global = rtm.New()

func answer() rtm.Future[int] {
	return rtm.Async(func(co *rtm.Co) int { return 42 })
}

// The runtime is a field: dropping it loses nothing.
func (s *service) get(co *rtm.Co) int {
	return rtm.BlockOn(s.rt, answer()) // want `asyncrt.BlockOn called from async code panics`
}

// Run gains the co argument.
func viaRun(co *rtm.Co) int {
	v := rtm.Run(answer()) // want `asyncrt.Run called from async code panics`
	return v + 1
}

// Explicit type arguments are kept.
func typed(c *rtm.Co) int {
	return rtm.BlockOn[int](global, answer()) // want `asyncrt.BlockOn called from async code panics`
}

// A local runtime used elsewhere too.
func local(co *rtm.Co) int {
	rt := global
	rtm.Spawn(rt, answer())
	return rtm.BlockOn(rt, answer()) // want `asyncrt.BlockOn called from async code panics`
}

// An inline literal uses the enclosing function's co.
func inline(co *rtm.Co) int {
	f := func() int { return rtm.Run(answer()) } // want `asyncrt.Run called from async code panics`
	return f()
}

// No fix: the runtime argument is a call that must not vanish.
func created(co *rtm.Co) int {
	return rtm.BlockOn(rtm.New(), answer()) // want `asyncrt.BlockOn called from async code panics`
}

// No fix: the local would be left unused.
func onlyUse(co *rtm.Co, s *service) int {
	rt := s.rt
	return rtm.BlockOn(rt, answer()) // want `asyncrt.BlockOn called from async code panics`
}

// No fix: the coroutine is unnamed.
func unnamed(_ *rtm.Co) int {
	return rtm.Run(answer()) // want `asyncrt.Run called from async code panics.*asyncrt.Await\(co, f\)`
}

// No fix: Close has no mechanical replacement.
func closes(co *rtm.Co, s *service) {
	s.rt.Close() // want `Close called from async code panics`
}

// No fix: a Poll method has no coroutine.
type fut struct{ s *service }

func (f *fut) Poll(cx *rtm.Context) rtm.Poll[int] {
	return rtm.Ready(rtm.BlockOn(f.s.rt, answer())) // want `asyncrt.BlockOn called from async code panics`
}

// No fix: assigning to the local is not reading it.
func assignedOnly(co *rtm.Co, s *service) int {
	var rt *rtm.Runtime
	rt = s.rt
	return rtm.BlockOn(rt, answer()) // want `asyncrt.BlockOn called from async code panics`
}
