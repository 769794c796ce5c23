package a

import (
	"b"
	"context"
	"sync"
	"time"
)

// N1: a buffered channel whose receiver never takes the lock.
type Sink struct {
	mu  sync.Mutex
	buf chan int
	n   int
}

func NewSink() *Sink { return &Sink{buf: make(chan int, 64)} }

func (s *Sink) Put(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.buf <- v
}

func (s *Sink) run() {
	for v := range s.buf {
		_ = v
	}
}

// N2: a select with a default never waits.
type Notifier struct {
	mu      sync.Mutex
	changed chan struct{}
}

func (n *Notifier) Notify() {
	n.mu.Lock()
	defer n.mu.Unlock()
	select {
	case n.changed <- struct{}{}:
	default:
	}
}

func (n *Notifier) watch() {
	n.mu.Lock()
	n.mu.Unlock()
	<-n.changed
}

// N3: a select with a ctx.Done() case can always be cancelled.
type Worker struct {
	mu   sync.Mutex
	jobs chan int
}

func (w *Worker) Next(ctx context.Context) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case j := <-w.jobs:
		return j
	case <-ctx.Done():
		return 0
	}
}

func (w *Worker) Submit(j int) {
	w.mu.Lock()
	w.mu.Unlock()
	w.jobs <- j
}

// N4: the lock is released before the receive.
type Reader struct {
	mu   sync.Mutex
	data chan []byte
	last []byte
}

func (r *Reader) Read() []byte {
	r.mu.Lock()
	last := r.last
	r.mu.Unlock()
	v := <-r.data
	_ = last
	return v
}

func (r *Reader) feed(p []byte) {
	r.mu.Lock()
	r.last = p
	r.mu.Unlock()
	r.data <- p
}

// N5: the peer uses a different lock (another field).
type Split struct {
	stateMu sync.Mutex
	sendMu  sync.Mutex
	ch      chan int
}

func (s *Split) Recv() int {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	return <-s.ch
}

func (s *Split) send(v int) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.ch <- v
}

// N6: the peer goroutine does not lock.
type Ticker struct {
	mu sync.Mutex
	c  chan time.Time
}

func (t *Ticker) Start() {
	go func() {
		for {
			t.c <- time.Now()
		}
	}()
}

func (t *Ticker) Wait() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return <-t.c
}

// N7: the peer locks the field of the same name of another type.
type Left struct {
	mu sync.Mutex
	ch chan int
}

type Right struct {
	mu sync.Mutex
	ch chan int
}

func (l *Left) Get() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return <-l.ch
}

func (r *Right) put(l *Left, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l.ch <- v
}

// N8: Cond.Wait holding only c.L.
type Buffer struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewBuffer() *Buffer {
	b := &Buffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Buffer) Take() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.items) == 0 {
		b.cond.Wait()
	}
	v := b.items[0]
	b.items = b.items[1:]
	return v
}

func (b *Buffer) Put(v int) {
	b.mu.Lock()
	b.items = append(b.items, v)
	b.mu.Unlock()
	b.cond.Signal()
}

// N9: the lock is held on some paths only.
type Maybe struct {
	mu sync.Mutex
	ch chan int
}

func (m *Maybe) Get(lock bool) int {
	if lock {
		m.mu.Lock()
	}
	v := <-m.ch
	if lock {
		m.mu.Unlock()
	}
	return v
}

func (m *Maybe) put(v int) {
	m.mu.Lock()
	m.mu.Unlock()
	m.ch <- v
}

// N10: a channel from a call (time.After) has no class.
type Sleeper struct{ mu sync.Mutex }

func (s *Sleeper) Nap() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-time.After(time.Millisecond)
}

// N11: a channel parameter of unknown origin.
type Forwarder struct{ mu sync.Mutex }

func (f *Forwarder) Forward(in <-chan int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return <-in
}

func (f *Forwarder) produce(out chan<- int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out <- 1
}

// N12: the receive runs in a go statement's body, not under the lock.
type Spawner struct {
	mu  sync.Mutex
	res chan int
}

func (s *Spawner) Go() {
	s.mu.Lock()
	defer s.mu.Unlock()
	go func() {
		<-s.res
	}()
}

func (s *Spawner) deliver(v int) {
	s.mu.Lock()
	s.mu.Unlock()
	s.res <- v
}

// N13: a literal that is stored, not called, while the lock is held.
type Deferrer struct {
	mu    sync.Mutex
	ch    chan int
	later func() int
}

func (d *Deferrer) Prepare() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.later = nil
	f := func() int { return <-d.ch }
	_ = f
}

func (d *Deferrer) send(v int) {
	d.mu.Lock()
	d.mu.Unlock()
	d.ch <- v
}

// N14: the peer locks only after its send, on no path before it.
type After struct {
	mu sync.Mutex
	ch chan int
	n  int
}

func (a *After) Get() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return <-a.ch
}

func (a *After) put(v int) {
	a.ch <- v
	a.mu.Lock()
	a.n++
	a.mu.Unlock()
}

// N15: two readers do not wait for each other.
type Readers struct {
	rw sync.RWMutex
	ch chan int
}

func (r *Readers) Get() int {
	r.rw.RLock()
	defer r.rw.RUnlock()
	return <-r.ch
}

func (r *Readers) put(v int) {
	r.rw.RLock()
	r.rw.RUnlock()
	r.ch <- v
}

// N16: the peer only tries the lock, which never waits.
type Trier struct {
	mu sync.Mutex
	ch chan int
	n  int
}

func (t *Trier) Get() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return <-t.ch
}

func (t *Trier) put(v int) {
	if t.mu.TryLock() {
		t.n++
		t.mu.Unlock()
	}
	t.ch <- v
}

// N17: a semaphore taken and released in one critical section: the
// function is not its own peer.
type Limiter struct {
	mu  sync.Mutex
	sem chan struct{}
}

func (l *Limiter) Do(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sem <- struct{}{}
	f()
	<-l.sem
}

// N18: the callee releases the caller's lock around the receive.
type Cond2 struct {
	mu      sync.Mutex
	changes chan int
}

func (c *Cond2) waitLocked() int {
	c.mu.Unlock()
	v := <-c.changes
	c.mu.Lock()
	return v
}

func (c *Cond2) Get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waitLocked()
}

func (c *Cond2) set(v int) {
	c.mu.Lock()
	c.mu.Unlock()
	c.changes <- v
}

// N19: WaitGroup.Wait for goroutines that never lock.
type Fan struct {
	mu  sync.Mutex
	out []int
}

func (f *Fan) Run(n int) {
	var wg sync.WaitGroup
	res := make([]int, n)
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = i
		}()
	}
	wg.Wait()
	f.out = res
}

// N20: the lock is released before Wait.
type Fan2 struct {
	mu  sync.Mutex
	wg  sync.WaitGroup
	out int
}

func (f *Fan2) work() {
	defer f.wg.Done()
	f.mu.Lock()
	f.out++
	f.mu.Unlock()
}

func (f *Fan2) Finish() {
	f.mu.Lock()
	f.out = 0
	f.mu.Unlock()
	f.wg.Wait()
}

// N21: a Cond whose L is not known (made from a parameter elsewhere).
type Opaque struct {
	mu    sync.Mutex
	other sync.Mutex
	cond  *sync.Cond
}

func (o *Opaque) Init(l sync.Locker) { o.cond = sync.NewCond(l) }

func (o *Opaque) Wait() {
	o.other.Lock()
	defer o.other.Unlock()
	o.cond.Wait()
}

func (o *Opaque) Wake() {
	o.other.Lock()
	defer o.other.Unlock()
	o.cond.Signal()
}

// N22: a second lock held across Cond.Wait, but the signaller never
// takes it.
type Stage struct {
	mu    sync.Mutex
	log   sync.Mutex
	cond  *sync.Cond
	ready bool
}

func NewStage() *Stage {
	s := &Stage{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *Stage) Await() {
	s.log.Lock()
	defer s.log.Unlock()
	s.mu.Lock()
	for !s.ready {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

func (s *Stage) Go() {
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
	s.cond.Broadcast()
}

// N23: a select where one case's peer does not take the lock.
type Either struct {
	mu    sync.Mutex
	data  chan int
	alarm chan int
}

func (e *Either) Next() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	select {
	case v := <-e.data:
		return v
	case v := <-e.alarm:
		return v
	}
}

func (e *Either) push(v int) {
	e.mu.Lock()
	e.mu.Unlock()
	e.data <- v
}

func (e *Either) ring() { e.alarm <- 1 }

// N24: the peer's lock is taken on a branch that does not reach the send.
type Branch struct {
	mu    sync.Mutex
	ch    chan int
	count int
}

func (b *Branch) Get() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return <-b.ch
}

func (b *Branch) put(v int, reset bool) {
	if reset {
		b.mu.Lock()
		b.count = 0
		b.mu.Unlock()
		return
	}
	b.ch <- v
}

// N25: the callee blocks in a go statement, not under the caller's lock.
type Async struct {
	mu sync.Mutex
	ch chan int
}

func (a *Async) recv() { <-a.ch }

func (a *Async) Kick() {
	a.mu.Lock()
	defer a.mu.Unlock()
	go a.recv()
}

func (a *Async) send() {
	a.mu.Lock()
	a.mu.Unlock()
	a.ch <- 1
}

// N26: a library receive under a lock whose pusher here does not lock.
type Plain struct {
	mu sync.Mutex
	q  *b.Queue
}

func (p *Plain) Take() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.q.Pop()
}

func (p *Plain) give(v int) { p.q.Push(v) }

// N27: a library callee that drops the caller's lock before blocking.
func popUnlocked(q *b.Queue) int {
	return q.PopUnlocked()
}

// N28: two local mutexes: the goroutine's lock is not the one held.
func twoLocks() int {
	var mu1, mu2 sync.Mutex
	ch := make(chan int)
	go func() {
		mu2.Lock()
		ch <- 1
		mu2.Unlock()
	}()
	mu1.Lock()
	defer mu1.Unlock()
	return <-ch
}

// N29: Cond.Wait with a second lock whose signaller takes it only after
// signalling (no path from its Lock to the Signal).
type Late struct {
	mu    sync.Mutex
	other sync.Mutex
	cond  *sync.Cond
	n     int
}

func NewLate() *Late {
	l := &Late{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Late) Await() {
	l.other.Lock()
	defer l.other.Unlock()
	l.mu.Lock()
	l.cond.Wait()
	l.mu.Unlock()
}

func (l *Late) Wake() {
	l.cond.Signal()
	l.other.Lock()
	l.n++
	l.other.Unlock()
}

// N30: the make(chan T, 1) result idiom: one send per value into a
// buffer of one never waits, even though the receiver locks.
type Call struct {
	mu     sync.Mutex
	result chan int
	done   bool
}

func NewCall() *Call { return &Call{result: make(chan int, 1)} }

func (c *Call) deliver(v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return
	}
	c.done = true
	c.result <- v
}

func (c *Call) Wait() int {
	c.mu.Lock()
	c.mu.Unlock()
	return <-c.result
}

// N31: a buffered queue sized never to fill (capacity >= 1024), fed in a
// loop under the lock.
type Opener struct {
	mu      sync.Mutex
	pending int
	openerC chan struct{}
}

func NewOpener() *Opener { return &Opener{openerC: make(chan struct{}, 1000000)} }

func (o *Opener) request(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := 0; i < n; i++ {
		o.pending++
		o.openerC <- struct{}{}
	}
}

func (o *Opener) run() {
	for range o.openerC {
		o.mu.Lock()
		o.pending--
		o.mu.Unlock()
	}
}

// N32: a mutex used as a semaphore handed to a goroutine that unlocks it:
// holding it across Wait is how the function waits for that goroutine.
func handOff() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	mu.Lock()
	go func() {
		mu.Unlock()
	}()
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// N33: a token channel used as a lock (capacity 1) by functions that take
// the mutex before the token: the token is always back when the mutex is
// free.
type Shm struct {
	mu  sync.Mutex
	mem chan []byte
}

func NewShm() *Shm {
	s := &Shm{mem: make(chan []byte, 1)}
	s.mem <- make([]byte, 8)
	return s
}

func (s *Shm) Read() byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := <-s.mem
	defer func() { s.mem <- m }()
	return m[0]
}

func (s *Shm) Write(v byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := <-s.mem
	m[0] = v
	s.mem <- m
}

// N34: a helper both receives and then closes the same channel: the close
// cannot unblock its own receive, whoever calls it under the lock.
type Stopper struct {
	mu   sync.Mutex
	done chan struct{}
}

func (s *Stopper) stop() {
	<-s.done
	close(s.done)
}

func (s *Stopper) StopA() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
}

func (s *Stopper) StopB() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
}

type condition struct {
	want    int
	verdict chan bool
}

type awaiter struct {
	mu      sync.Mutex
	state   int
	waiters map[int]*condition
}

// onEvent reports to the waiters under a.mu: each waiter made its verdict
// channel under a.mu and released it before receiving (gopls' Awaiter), so
// it never needs a.mu again to take the verdict.
func (a *awaiter) onEvent() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.state++
	for id, c := range a.waiters {
		if a.state >= c.want {
			delete(a.waiters, id)
			c.verdict <- true
		}
	}
}

func (a *awaiter) await(id, want int) bool {
	a.mu.Lock()
	c := &condition{want: want, verdict: make(chan bool)}
	a.waiters[id] = c
	a.mu.Unlock()
	return <-c.verdict
}

type snapshotView struct {
	mu   sync.Mutex
	sema chan struct{}
	done bool
}

// initialize takes a semaphore slot in a select and gives it back in a
// deferred literal (gopls' initializationSema): the release receives the
// token its own send put there and never waits, so holding v.mu around it
// is no hazard.
func (v *snapshotView) initialize(stop chan struct{}) {
	select {
	case <-stop:
		return
	case v.sema <- struct{}{}:
	}
	defer func() {
		<-v.sema
	}()
	v.done = true
}

func (v *snapshotView) invalidate(stop chan struct{}) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.initialize(stop)
}

func (v *snapshotView) snapshot(stop chan struct{}) {
	v.mu.Lock()
	v.done = false
	v.mu.Unlock()
	v.initialize(stop)
}

func newSnapshotView() *snapshotView { return &snapshotView{sema: make(chan struct{}, 1)} }

type resolver struct {
	sema  chan struct{} // a token: receive to take, send to give back
	roots []string
	log   func() int
}

func newResolver() *resolver {
	r := &resolver{sema: make(chan struct{}, 1)}
	r.log = func() int { return len(r.roots) } // r lives in a captured variable
	r.sema <- struct{}{}
	return r
}

// clear takes r's token, makes a successor whose token it puts in before
// anyone can see it, and gives r's token back (gopls' ModuleResolver).
func (r *resolver) clear() *resolver {
	<-r.sema
	r2 := &resolver{sema: make(chan struct{}, 1)}
	r2.sema <- struct{}{}
	r.sema <- struct{}{}
	return r2
}

type importsState struct {
	mu sync.Mutex
	r  *resolver
}

// use waits for the resolver's token under s.mu: the only other holder of
// a token, refresh, holds it inside clear without needing s.mu.
func (s *importsState) use() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-s.r.sema
	s.r.roots = nil
	s.r.sema <- struct{}{}
}

// refresh makes the first resolver under s.mu: newResolver's send puts
// the token into a channel no one else can see yet.
func (s *importsState) refresh() {
	s.mu.Lock()
	if s.r == nil {
		s.r = newResolver()
	}
	r := s.r
	s.mu.Unlock()
	r2 := r.clear()
	s.mu.Lock()
	s.r = r2
	s.mu.Unlock()
}
