package wakerfacts

import "strings"

// KeepsWaker is the object fact of a function (never a Poll function: a
// caller treats those as child polls) that may keep or wake the waker it
// receives through one of its *asyncrt.Waker or *asyncrt.Context
// parameters. "May" is deliberate: a helper that registers the waker on
// some of its paths (typically all but an early "already done" return)
// counts as registering, so that calling it never earns its caller a report.
type KeepsWaker struct {
	// Params lists the parameters through which the waker is kept, in
	// index order. Indexes count the receiver of a method as parameter 0,
	// as go/ssa does.
	Params []KeptParam
}

// KeptParam is one parameter of a function with the KeepsWaker fact.
type KeptParam struct {
	Index int
	Name  string
	// How says what happens to the waker, for messages and tests: "stores"
	// (a field, global, map, slice or channel outlives the call), "wakes",
	// "escapes" (handed to code that cannot be seen: a goroutine, a
	// function value, an interface method), "polls" (a child future is
	// polled with the Context).
	How string
}

func (*KeepsWaker) AFact() {}

func (f *KeepsWaker) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		parts[i] = p.Name + ": " + p.How
	}
	return "keepsWaker(" + strings.Join(parts, ", ") + ")"
}

// Has reports whether the parameter with SSA index i keeps the waker.
func (f *KeepsWaker) Has(i int) bool {
	if f == nil {
		return false
	}
	for _, p := range f.Params {
		if p.Index == i {
			return true
		}
	}
	return false
}

// ReturnsWaker is the object fact of a function whose result carries the
// waker it received through one of its *asyncrt.Waker or *asyncrt.Context
// parameters: asyncrt.NewContext(w), (*Context).Waker, a helper
// `wakerOf(cx)`. The caller keeps tracking the result as a copy of the
// waker.
type ReturnsWaker struct {
	// Params are SSA parameter indexes (receiver first).
	Params []int
	Names  []string
}

func (*ReturnsWaker) AFact() {}

func (f *ReturnsWaker) String() string {
	return "returnsWaker(" + strings.Join(f.Names, ", ") + ")"
}

// Has reports whether the parameter with SSA index i flows to the result.
func (f *ReturnsWaker) Has(i int) bool {
	if f == nil {
		return false
	}
	for _, p := range f.Params {
		if p == i {
			return true
		}
	}
	return false
}

// AlwaysPending is the object fact of a function that takes no
// *asyncrt.Context and returns an asyncrt.Poll that is Pending on every
// return (`func pending[T any]() asyncrt.Poll[T] { return asyncrt.Pending[T]() }`).
// Returning its result from a Poll method is returning Pending.
type AlwaysPending struct{}

func (*AlwaysPending) AFact() {}

func (*AlwaysPending) String() string { return "alwaysPending" }
