package a

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// ---- Positive ----

// join2 polls both children on every call: once a is Ready and b is not,
// the next call polls a again.
type join2 struct {
	a, b   asyncrt.Future[int]
	av, bv int
	aok    bool
	bok    bool
}

func (j *join2) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if p := j.a.Poll(cx); p.IsReady() { // want `j.a is polled again on the next call of Poll after it returned Ready: a future must not be polled after it completed \(an asyncrt.Async future panics, others may redo their work or misbehave\); record that it completed \(set it to nil, or keep a done flag or its result\) and skip it`
		j.av, _ = p.Value()
		j.aok = true
	}
	if p := j.b.Poll(cx); p.IsReady() { // want `j.b is polled again on the next call of Poll`
		j.bv, _ = p.Value()
		j.bok = true
	}
	if j.aok && j.bok {
		return asyncrt.Ready(j.av + j.bv)
	}
	return asyncrt.Pending[int]()
}

// joinAll polls every element on every call.
type joinAll struct {
	futs []asyncrt.Future[string]
	out  []string
	n    int
}

func (j *joinAll) Poll(cx *asyncrt.Context) asyncrt.Poll[[]string] {
	for i, f := range j.futs {
		if v, ok := f.Poll(cx).Value(); ok { // want `an element of j.futs is polled again on the next call of Poll`
			j.out[i] = v
			j.n++
		}
	}
	if j.n == len(j.futs) {
		return asyncrt.Ready(j.out)
	}
	return asyncrt.Pending[[]string]()
}

// then runs first, then second, but forgets that first is done.
type then struct {
	first  asyncrt.Future[int]
	second func(int) asyncrt.Future[string]
	next   asyncrt.Future[string]
}

func (t *then) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	p := t.first.Poll(cx) // want `t.first is polled again on the next call of Poll`
	if !p.IsReady() {
		return asyncrt.Pending[string]()
	}
	v, _ := p.Value()
	if t.next == nil {
		t.next = t.second(v)
	}
	return t.next.Poll(cx)
}

// withDeadline records the value but keeps polling inner until the timer.
type withDeadline struct {
	inner asyncrt.Future[int]
	timer asyncrt.Future[struct{}]
	value int
	have  bool
}

func (w *withDeadline) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if w.inner.Poll(cx).IsReady() { // want `w.inner is polled again on the next call of Poll`
		w.value = 1
		w.have = true
	}
	if w.timer.Poll(cx).IsReady() && w.have { // want `w.timer is polled again on the next call of Poll`
		return asyncrt.Ready(w.value)
	}
	return asyncrt.Pending[int]()
}

// ticks is a stream that yields an item each time its child completes,
// without ever replacing the child.
type ticks struct {
	sleep asyncrt.Future[struct{}]
	n     int
}

func (t *ticks) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	if t.sleep.Poll(cx).IsReady() { // want `t.sleep is polled again on the next call of PollNext after it returned Ready`
		t.n++
		return asyncrt.Ready(asyncrt.Item(t.n))
	}
	return asyncrt.Pending[asyncrt.Next[int]]()
}

// pollFn keeps its child in a captured variable.
func both(a, b asyncrt.Future[int]) func(*asyncrt.Context) asyncrt.Poll[int] {
	var sum, done int
	return func(cx *asyncrt.Context) asyncrt.Poll[int] {
		if v, ok := a.Poll(cx).Value(); ok { // want `a is polled again on the next call of Poll`
			sum += v
			done++
		}
		if v, ok := b.Poll(cx).Value(); ok { // want `b is polled again on the next call of Poll`
			sum += v
			done++
		}
		if done >= 2 {
			return asyncrt.Ready(sum)
		}
		return asyncrt.Pending[int]()
	}
}

// A concrete child type with a pointer receiver, held by value.
type countdown struct{ left int }

func (c *countdown) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if c.left == 0 {
		return asyncrt.Ready(0)
	}
	c.left--
	cx.Waker().Wake()
	return asyncrt.Pending[int]()
}

type pair struct {
	x, y countdown
	seen int
}

func (p *pair) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if p.x.Poll(cx).IsReady() { // want `p.x is polled again on the next call of Poll`
		p.seen |= 1
	}
	if p.y.Poll(cx).IsReady() { // want `p.y is polled again on the next call of Poll`
		p.seen |= 2
	}
	if p.seen == 3 {
		return asyncrt.Ready(2)
	}
	return asyncrt.Pending[int]()
}

// A generic join over two type parameters.
type join[A, B any] struct {
	fa asyncrt.Future[A]
	fb asyncrt.Future[B]
	ra *A
	rb *B
}

func (j *join[A, B]) Poll(cx *asyncrt.Context) asyncrt.Poll[struct{}] {
	if p := j.fa.Poll(cx); p.IsReady() { // want `j.fa is polled again on the next call of Poll`
		v, _ := p.Value()
		j.ra = &v
	}
	if j.rb == nil {
		if p := j.fb.Poll(cx); p.IsReady() {
			v, _ := p.Value()
			j.rb = &v
		}
	}
	if j.ra != nil && j.rb != nil {
		return asyncrt.Ready(struct{}{})
	}
	return asyncrt.Pending[struct{}]()
}

// The completion is recorded, but the poll does not test it.
type counted struct {
	inner asyncrt.Future[int]
	other asyncrt.Future[int]
	count int
	last  int
}

func (c *counted) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if c.count > 100 {
		return asyncrt.Ready(-1)
	}
	if v, ok := c.inner.Poll(cx).Value(); ok { // want `c.inner is polled again on the next call of Poll`
		c.last = v
	}
	return c.other.Poll(cx)
}

// A loop that polls the same child again after it completed.
type drain struct {
	inner asyncrt.Future[int]
	total int
}

func (d *drain) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	for {
		p := d.inner.Poll(cx) // want `d.inner is polled again in this loop after it returned Ready: a future must not be polled after it completed .*; replace it with a new future, or leave the loop`
		if !p.IsReady() {
			return asyncrt.Pending[int]()
		}
		v, _ := p.Value()
		d.total += v
	}
}

// A JoinHandle child, with its readiness through a local.
type watch struct {
	h     *asyncrt.JoinHandle[int]
	timer asyncrt.Future[struct{}]
	res   asyncrt.Result[int]
}

func (w *watch) Poll(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Result[int]] {
	p := w.h.Poll(cx) // want `w.h is polled again on the next call of Poll`
	ready := p.IsReady()
	if ready {
		w.res, _ = p.Value()
	}
	if w.timer.Poll(cx).IsReady() {
		return asyncrt.Ready(w.res)
	}
	return asyncrt.Pending[asyncrt.Result[int]]()
}

// ---- Negative ----

// join2 done right: flags tested before polling.
type join2ok struct {
	a, b     asyncrt.Future[int]
	av, bv   int
	aok, bok bool
}

func (j *join2ok) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if !j.aok {
		if p := j.a.Poll(cx); p.IsReady() {
			j.av, _ = p.Value()
			j.aok = true
		}
	}
	if !j.bok {
		if p := j.b.Poll(cx); p.IsReady() {
			j.bv, _ = p.Value()
			j.bok = true
		}
	}
	if j.aok && j.bok {
		return asyncrt.Ready(j.av + j.bv)
	}
	return asyncrt.Pending[int]()
}

// Clearing the child and testing for nil.
type join2nil struct {
	a, b   asyncrt.Future[int]
	av, bv int
}

func (j *join2nil) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if j.a != nil {
		if v, ok := j.a.Poll(cx).Value(); ok {
			j.av, j.a = v, nil
		}
	}
	if j.b != nil {
		if v, ok := j.b.Poll(cx).Value(); ok {
			j.bv, j.b = v, nil
		}
	}
	if j.a == nil && j.b == nil {
		return asyncrt.Ready(j.av + j.bv)
	}
	return asyncrt.Pending[int]()
}

// joinAll with a done flag per element.
type joinAllOK struct {
	futs []asyncrt.Future[string]
	done []bool
	out  []string
	n    int
}

func (j *joinAllOK) Poll(cx *asyncrt.Context) asyncrt.Poll[[]string] {
	for i, f := range j.futs {
		if j.done[i] {
			continue
		}
		if v, ok := f.Poll(cx).Value(); ok {
			j.out[i] = v
			j.done[i] = true
			j.n++
		}
	}
	if j.n == len(j.futs) {
		return asyncrt.Ready(j.out)
	}
	return asyncrt.Pending[[]string]()
}

// then as a state machine.
type thenOK struct {
	state  int
	first  asyncrt.Future[int]
	second func(int) asyncrt.Future[string]
	next   asyncrt.Future[string]
}

func (t *thenOK) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	switch t.state {
	case 0:
		p := t.first.Poll(cx)
		if !p.IsReady() {
			return asyncrt.Pending[string]()
		}
		v, _ := p.Value()
		t.next = t.second(v)
		t.state = 1
		fallthrough
	default:
		return t.next.Poll(cx)
	}
}

// Map: Ready as soon as the child is.
type mapped struct {
	inner asyncrt.Future[int]
	f     func(int) string
}

func (m *mapped) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	p := m.inner.Poll(cx)
	if !p.IsReady() {
		return asyncrt.Pending[string]()
	}
	v, _ := p.Value()
	return asyncrt.Ready(m.f(v))
}

// Plain delegation.
type named struct {
	name  string
	inner asyncrt.Future[int]
}

func (n *named) Poll(cx *asyncrt.Context) asyncrt.Poll[int] { return n.inner.Poll(cx) }

// Race: the first Ready wins and completes the parent.
type race struct{ a, b asyncrt.Future[int] }

func (r *race) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if p := r.a.Poll(cx); p.IsReady() {
		return p
	}
	if v, ok := r.b.Poll(cx).Value(); ok {
		return asyncrt.Ready(v)
	}
	return asyncrt.Pending[int]()
}

// A stream that replaces its child after each item.
type ticker struct {
	d     time.Duration
	sleep asyncrt.Future[struct{}]
	n     int
}

func (t *ticker) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	if t.sleep == nil {
		t.sleep = asyncrt.Sleep(t.d)
	}
	if !t.sleep.Poll(cx).IsReady() {
		return asyncrt.Pending[asyncrt.Next[int]]()
	}
	t.sleep = nil
	t.n++
	return asyncrt.Ready(asyncrt.Item(t.n))
}

// A stream that ends when its child completes.
type once struct{ f asyncrt.Future[int] }

func (o *once) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	if o.f == nil {
		return asyncrt.Ready(asyncrt.Done[int]())
	}
	v, ok := o.f.Poll(cx).Value()
	if !ok {
		return asyncrt.Pending[asyncrt.Next[int]]()
	}
	o.f = nil
	return asyncrt.Ready(asyncrt.Item(v))
}

// A loop that replaces the child each time it completes.
type chain struct {
	inner asyncrt.Future[int]
	next  func() asyncrt.Future[int]
	total int
}

func (c *chain) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	for {
		p := c.inner.Poll(cx)
		if !p.IsReady() {
			return asyncrt.Pending[int]()
		}
		v, _ := p.Value()
		if v == 0 {
			return asyncrt.Ready(c.total)
		}
		c.total += v
		c.inner = c.next()
	}
}

// A future made afresh on each poll is not a child kept between polls.
type fresh struct{}

func (fresh) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if asyncrt.Sleep(time.Millisecond).Poll(cx).IsReady() {
		cx.Waker().Wake()
	}
	return asyncrt.Pending[int]()
}

// A helper of the receiver records the completion.
type viaHelper struct {
	a, b asyncrt.Future[int]
	mask int
}

func (v *viaHelper) mark(i int) { v.mask |= 1 << i }

func (v *viaHelper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if v.mask&1 == 0 && v.a.Poll(cx).IsReady() {
		v.mark(0)
	}
	if v.mask&2 == 0 && v.b.Poll(cx).IsReady() {
		v.mark(1)
	}
	if v.mask == 3 {
		return asyncrt.Ready(3)
	}
	return asyncrt.Pending[int]()
}

// The stored result is the guard.
type cached struct {
	inner asyncrt.Future[int]
	other asyncrt.Future[int]
	res   *int
}

func (c *cached) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if c.res == nil {
		if v, ok := c.inner.Poll(cx).Value(); ok {
			c.res = &v
		}
	}
	if c.res != nil && c.other.Poll(cx).IsReady() {
		return asyncrt.Ready(*c.res)
	}
	return asyncrt.Pending[int]()
}

// A poll function with a captured done flag.
func guardedFn(a asyncrt.Future[int], b asyncrt.Future[int]) func(*asyncrt.Context) asyncrt.Poll[int] {
	var aDone bool
	return func(cx *asyncrt.Context) asyncrt.Poll[int] {
		if !aDone && a.Poll(cx).IsReady() {
			aDone = true
		}
		if aDone && b.Poll(cx).IsReady() {
			return asyncrt.Ready(1)
		}
		return asyncrt.Pending[int]()
	}
}

// A result that is not tested: nothing is known.
type keepsLast struct {
	inner asyncrt.Future[int]
	last  asyncrt.Poll[int]
}

func (k *keepsLast) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	k.last = k.inner.Poll(cx)
	return asyncrt.Pending[int]()
}

// A Poll that never returns Pending after a child's Ready.
type firstOrZero struct{ a asyncrt.Future[int] }

func (f *firstOrZero) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if v, ok := f.a.Poll(cx).Value(); ok {
		return asyncrt.Ready(v)
	}
	return asyncrt.Ready(0)
}

// A child stream: PollNext may be called again after an item.
type skipFirst struct {
	s       asyncrt.Stream[int]
	skipped bool
}

func (k *skipFirst) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	p := k.s.PollNext(cx)
	if n, ok := p.Value(); ok && !k.skipped && n.OK {
		k.skipped = true
		cx.Waker().Wake()
		return asyncrt.Pending[asyncrt.Next[int]]()
	}
	return p
}

// Readiness compared with a constant.
type compared struct {
	a, b asyncrt.Future[int]
	n    int
}

func (c *compared) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	p := c.a.Poll(cx) // want `c.a is polled again on the next call of Poll`
	if p.IsReady() == false {
		return asyncrt.Pending[int]()
	}
	c.n++
	return c.b.Poll(cx)
}

type comparedOK struct {
	a, b  asyncrt.Future[int]
	aDone bool
}

func (c *comparedOK) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if c.aDone != true {
		if c.a.Poll(cx).IsReady() != true {
			return asyncrt.Pending[int]()
		}
		c.aDone = true
	}
	return c.b.Poll(cx)
}

// retry backs off after a failed attempt but keeps the finished attempt.
type result struct {
	v   int
	err error
}

type retry struct {
	attempt asyncrt.Future[result]
	backoff asyncrt.Future[struct{}]
	tries   int
}

func (r *retry) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	v, ok := r.attempt.Poll(cx).Value() // want `r.attempt is polled again on the next call of Poll`
	if !ok {
		return asyncrt.Pending[int]()
	}
	if v.err == nil {
		return asyncrt.Ready(v.v)
	}
	r.tries++
	if !r.backoff.Poll(cx).IsReady() {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(-1)
}

// Results gathered in a map that the poll never consults.
type gather struct {
	byName map[string]asyncrt.Future[int]
	a      asyncrt.Future[int]
	got    map[string]int
}

func (g *gather) Poll(cx *asyncrt.Context) asyncrt.Poll[map[string]int] {
	if v, ok := g.a.Poll(cx).Value(); ok { // want `g.a is polled again on the next call of Poll`
		g.got["a"] = v
	}
	if len(g.got) == len(g.byName)+1 {
		return asyncrt.Ready(g.got)
	}
	return asyncrt.Pending[map[string]int]()
}

// A stream merging two futures' results as items, polling both each time.
type mergeTwo struct {
	a, b   asyncrt.Future[string]
	sent   int
	closed bool
}

func (m *mergeTwo) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[string]] {
	if m.closed {
		return asyncrt.Ready(asyncrt.Done[string]())
	}
	if v, ok := m.a.Poll(cx).Value(); ok { // want `m.a is polled again on the next call of PollNext`
		m.sent++
		return asyncrt.Ready(asyncrt.Item(v))
	}
	if v, ok := m.b.Poll(cx).Value(); ok { // want `m.b is polled again on the next call of PollNext`
		m.sent++
		return asyncrt.Ready(asyncrt.Item(v))
	}
	return asyncrt.Pending[asyncrt.Next[string]]()
}

// The guard is a helper method reading what the Ready branch recorded.
type helperGuard struct {
	a, b   asyncrt.Future[int]
	ra, rb *int
}

func (h *helperGuard) aDone() bool { return h.ra != nil }
func (h *helperGuard) bDone() bool { return h.rb != nil }

func (h *helperGuard) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if !h.aDone() {
		if v, ok := h.a.Poll(cx).Value(); ok {
			h.ra = &v
		}
	}
	if !h.bDone() {
		if v, ok := h.b.Poll(cx).Value(); ok {
			h.rb = &v
		}
	}
	if h.aDone() && h.bDone() {
		return asyncrt.Ready(*h.ra + *h.rb)
	}
	return asyncrt.Pending[int]()
}
