package a

import (
	"b"
	"sync"
)

// P1: lock, then receive from a field channel whose sender locks the same
// mutex first.
type Server struct {
	mu      sync.Mutex
	results chan int
	state   int
}

func (s *Server) publish(v int) {
	s.mu.Lock()
	s.state++
	s.results <- v // want `s.mu is held while sending on s.results, whose receiver \(\*a.Server\).Collect locks s.mu first`
	s.mu.Unlock()
}

func (s *Server) Collect() int {
	s.mu.Lock()
	v := <-s.results // want `s.mu is held while receiving from s.results, whose sender \(\*a.Server\).publish locks s.mu first: the two goroutines wait on each other forever; release s.mu before receiving`
	s.state--
	s.mu.Unlock()
	return v
}

// P2: defer Unlock, then a blocking receive.
func (s *Server) CollectDeferred() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return <-s.results // want `s.mu is held while receiving from s.results, whose sender \(\*a.Server\).publish locks s.mu first`
}

// P3: send under the lock; the receiver locks first.
type Pipe struct {
	mu  sync.Mutex
	out chan string
}

func (p *Pipe) consume() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return <-p.out // want `p.mu is held while receiving from p.out, whose sender \(\*a.Pipe\).Produce locks p.mu first`
}

func (p *Pipe) Produce(s string) {
	p.mu.Lock()
	p.out <- s // want `p.mu is held while sending on p.out, whose receiver \(\*a.Pipe\).consume locks p.mu first: the two goroutines wait on each other forever; release p.mu before sending`
	p.mu.Unlock()
}

// P4: range over a channel under the lock; the sender locks.
type Feed struct {
	mu    sync.Mutex
	items chan int
	sum   int
}

func (f *Feed) Drain() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for v := range f.items { // want `f.mu is held while receiving from f.items, whose sender \(\*a.Feed\).add locks f.mu first`
		f.sum += v
	}
}

func (f *Feed) add(v int) {
	f.mu.Lock()
	f.sum++
	f.mu.Unlock()
	f.items <- v // P6 shape: the sender released the lock, but still waits at Lock first
}

// P5: comma-ok receive; the only closer locks first.
type Closer struct {
	mu   sync.Mutex
	done chan struct{}
}

func (c *Closer) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.done)
}

func (c *Closer) Wait() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := <-c.done // want `c.mu is held while receiving from c.done, whose closer \(\*a.Closer\).Stop locks c.mu first`
	return ok
}

// P7: the peer closes in a defer; its lock is taken on the way to return.
type Job struct {
	mu       sync.Mutex
	finished chan struct{}
	err      error
}

func (j *Job) run() {
	defer close(j.finished)
	j.mu.Lock()
	j.err = nil
	j.mu.Unlock()
}

func (j *Job) Result() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	<-j.finished // want `j.mu is held while receiving from j.finished, whose closer \(\*a.Job\).run locks j.mu first`
	return j.err
}

// P8: the receive is one call deep.
type Cache struct {
	mu      sync.Mutex
	refresh chan int
	val     int
}

func (c *Cache) next() int { return <-c.refresh }

func (c *Cache) Get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.next() // want `c.mu is held while calling \(\*a.Cache\).next, which ends up receiving from Cache.refresh \(by \(\*a.Cache\).next\), whose sender \(\*a.Cache\).Refresh locks c.mu first`
}

func (c *Cache) Refresh(v int) {
	c.mu.Lock()
	c.val = 0
	c.mu.Unlock()
	c.refresh <- v
}

// P9: two calls deep.
func (c *Cache) next2() int { return c.next() }

func (c *Cache) Get2() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.next2() // want `c.mu is held while calling \(\*a.Cache\).next2, which ends up receiving from Cache.refresh \(by \(\*a.Cache\).next2 → \(\*a.Cache\).next\)`
}

// P10: across packages: b.(*Queue).Pop receives, and the pusher here locks
// first.
type Client struct {
	mu sync.Mutex
	q  *b.Queue
}

func (c *Client) Take() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.q.Pop() // want `c.mu is held while calling \(\*b.Queue\).Pop, which ends up receiving from Queue.items \(by \(\*b.Queue\).Pop at b.go:\d+\), whose sender \(\*a.Client\).Give locks c.mu first`
}

func (c *Client) Give(v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.q.Push(v) // want `c.mu is held while calling \(\*b.Queue\).Push, which ends up sending on Queue.items`
}

// P10b: across packages, two calls deep.
func (c *Client) TakeVia() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.q.PopVia() // want `by \(\*b.Queue\).PopVia → \(\*b.Queue\).pop1 → \(\*b.Queue\).Pop`
}

// P11: the receive is inside a closure stored in a field.
type Waiter struct {
	mu    sync.Mutex
	ready chan bool
	wait  func() bool
}

func NewWaiter() *Waiter {
	w := &Waiter{ready: make(chan bool)}
	w.wait = func() bool { return <-w.ready }
	return w
}

func (w *Waiter) Check() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.wait() // want `w.mu is held while calling a.NewWaiter\$lit, which ends up receiving from Waiter.ready`
}

func (w *Waiter) Signal() {
	w.mu.Lock()
	w.ready <- true // want `w.mu is held while sending on w.ready, whose receiver \(\*a.Waiter\).Check locks w.mu first`
	w.mu.Unlock()
}

// P12: WaitGroup.Wait for goroutines that lock it.
type Batch struct {
	mu    sync.Mutex
	total int
}

func (b *Batch) RunAll(n int) {
	var wg sync.WaitGroup
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.mu.Lock()
			b.total++
			b.mu.Unlock()
		}()
	}
	wg.Wait() // want `b.mu is held while waiting for wg, whose goroutine \(\*a.Batch\).RunAll\$lit locks b.mu before calling Done: Wait never returns; release b.mu before waiting`
}

// P13: a WaitGroup field; the worker method locks before its deferred Done.
type Pool struct {
	mu  sync.Mutex
	wg  sync.WaitGroup
	out []int
}

func (p *Pool) worker(v int) {
	defer p.wg.Done()
	p.mu.Lock()
	p.out = append(p.out, v)
	p.mu.Unlock()
}

func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait() // want `p.mu is held while waiting for p.wg, whose goroutine \(\*a.Pool\).worker locks p.mu before calling Done`
}

// P14: wg.Go with a function that locks.
type Group struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

func (g *Group) Spawn() {
	g.wg.Go(func() {
		g.mu.Lock()
		g.n++
		g.mu.Unlock()
	})
}

func (g *Group) Join() {
	g.mu.Lock()
	g.wg.Wait() // want `g.mu is held while waiting for g.wg, whose goroutine \(\*a.Group\).Spawn\$lit locks g.mu`
	g.mu.Unlock()
}

// P15: Cond.Wait with a second lock held; the signaller takes it first.
type Sched struct {
	mu    sync.Mutex
	other sync.Mutex
	cond  *sync.Cond
	ready bool
}

func NewSched() *Sched {
	s := &Sched{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *Sched) Await() {
	s.other.Lock()
	defer s.other.Unlock()
	s.mu.Lock()
	for !s.ready {
		s.cond.Wait() // want `s.other is held while waiting on s.cond, which releases only Sched.mu, and its signaller \(\*a.Sched\).Wake locks s.other first: the signal never comes; release s.other before waiting`
	}
	s.mu.Unlock()
}

func (s *Sched) Wake() {
	s.other.Lock()
	s.mu.Lock()
	s.ready = true
	s.cond.Broadcast()
	s.mu.Unlock()
	s.other.Unlock()
}

// P16: a select whose every case needs the lock.
type Mux struct {
	mu    sync.Mutex
	left  chan int
	right chan int
}

func (m *Mux) feedLeft(v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.left <- v // want `m.mu is held while sending on m.left, whose receiver \(\*a.Mux\).Next locks m.mu first`
}

func (m *Mux) feedRight(v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.right <- v // want `m.mu is held while sending on m.right`
}

func (m *Mux) Next() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	select { // want `m.mu is held while waiting in a select, whose every case waits for a goroutine that locks m.mu first \(sender \(\*a.Mux\).feedLeft of m.left, sender \(\*a.Mux\).feedRight of m.right\): no case can proceed; release m.mu before the select`
	case v := <-m.left:
		return v
	case v := <-m.right:
		return v
	}
}

// P17: a global channel and a global mutex.
var (
	gmu    sync.Mutex
	events = make(chan string)
)

func emit(e string) {
	gmu.Lock()
	defer gmu.Unlock()
	events <- e // want `gmu is held while sending on events, whose receiver a.poll locks gmu first`
}

func poll() string {
	gmu.Lock()
	defer gmu.Unlock()
	return <-events // want `gmu is held while receiving from events, whose sender a.emit locks gmu first`
}

// P18: a local channel and a local mutex shared with a goroutine.
func localPair() int {
	var mu sync.Mutex
	ch := make(chan int)
	go func() {
		mu.Lock()
		ch <- 1 // want `mu is held while sending on ch, whose receiver a.localPair locks mu first`
		mu.Unlock()
	}()
	mu.Lock()
	defer mu.Unlock()
	return <-ch // want `mu is held while receiving from ch, whose sender a.localPair\$lit locks mu first`
}

// P19: a buffered channel is still a deadlock once the buffer fills, which
// sends in a loop make plausible.
type Log struct {
	mu    sync.Mutex
	lines chan string
}

func NewLog() *Log { return &Log{lines: make(chan string, 16)} }

func (l *Log) WriteAll(ss []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range ss {
		l.lines <- s // want `l.mu is held while sending on l.lines \(buffered, capacity 16: the buffer only delays the deadlock until it fills\), whose receiver \(\*a.Log\).flush locks l.mu first`
	}
}

func (l *Log) flush() {
	for s := range l.lines {
		l.mu.Lock()
		_ = s
		l.mu.Unlock()
	}
}

// P20: read-locked while receiving; the sender write-locks.
type Table struct {
	rw      sync.RWMutex
	updates chan int
	rows    int
}

func (t *Table) Watch() int {
	t.rw.RLock()
	defer t.rw.RUnlock()
	return <-t.updates // want `t.rw is held while receiving from t.updates, whose sender \(\*a.Table\).Update locks t.rw first`
}

func (t *Table) Update(n int) {
	t.rw.Lock()
	t.rows = n
	t.rw.Unlock()
	t.updates <- n
}

// P21: write-locked while sending; the receiver read-locks.
type Stats struct {
	rw   sync.RWMutex
	feed chan int
}

func (s *Stats) Push(v int) {
	s.rw.Lock()
	defer s.rw.Unlock()
	s.feed <- v // want `s.rw is held while sending on s.feed, whose receiver \(\*a.Stats\).read locks s.rw first`
}

func (s *Stats) read() int {
	s.rw.RLock()
	s.rw.RUnlock()
	return <-s.feed
}

// P22: the peer takes the lock through a helper.
type Meter struct {
	mu    sync.Mutex
	ticks chan int
	n     int
}

func (m *Meter) bump() {
	m.mu.Lock()
	m.n++
	m.mu.Unlock()
}

func (m *Meter) tick(v int) {
	m.bump()
	m.ticks <- v
}

func (m *Meter) Read() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return <-m.ticks // want `m.mu is held while receiving from m.ticks, whose sender \(\*a.Meter\).tick locks m.mu first`
}

// P23: the peer is a goroutine literal started elsewhere.
type Bus struct {
	mu   sync.Mutex
	msgs chan string
}

func (b *Bus) Start() {
	go func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.msgs <- "hello" // want `b.mu is held while sending on b.msgs, whose receiver \(\*a.Bus\).Recv locks b.mu first`
	}()
}

func (b *Bus) Recv() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return <-b.msgs // want `b.mu is held while receiving from b.msgs, whose sender \(\*a.Bus\).Start\$lit locks b.mu first`
}

// P24: the sender locks and then calls the function that sends.
type Hub struct {
	mu    sync.Mutex
	notes chan int
	seq   int
}

func (h *Hub) emit(v int) { h.notes <- v }

func (h *Hub) Publish() {
	h.mu.Lock()
	h.seq++
	h.mu.Unlock()
	h.emit(h.seq)
}

func (h *Hub) Listen() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return <-h.notes // want `h.mu is held while receiving from h.notes, whose sender \(\*a.Hub\).Publish locks h.mu first`
}

// P25: Done without defer, after the worker locked and unlocked.
type Crawler struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (c *Crawler) CrawlAll(urls []string) {
	wg := new(sync.WaitGroup)
	c.mu.Lock()
	for _, u := range urls {
		wg.Add(1)
		go func() {
			c.mu.Lock()
			c.seen[u] = true
			c.mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait() // want `c.mu is held while waiting for wg, whose goroutine \(\*a.Crawler\).CrawlAll\$lit locks c.mu`
	c.mu.Unlock()
}

// P26: a select with a send case and a receive case, both peers lock.
type Relay struct {
	mu  sync.Mutex
	in  chan int
	out chan int
}

func (r *Relay) put(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.in <- v // want `r.mu is held while sending on r.in, whose receiver \(\*a.Relay\).Step locks r.mu first`
}

func (r *Relay) get() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return <-r.out // want `r.mu is held while receiving from r.out, whose sender \(\*a.Relay\).Step locks r.mu first`
}

func (r *Relay) Step(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	select { // want `r.mu is held while waiting in a select, whose every case waits for a goroutine that locks r.mu first \(sender \(\*a.Relay\).put of r.in, receiver \(\*a.Relay\).get of r.out\)`
	case <-r.in:
	case r.out <- v:
	}
}

// P27: the receive is in a function literal called directly.
type Gate struct {
	mu   sync.Mutex
	open chan struct{}
}

func (g *Gate) Pass() {
	g.mu.Lock()
	defer g.mu.Unlock()
	func() { // want `g.mu is held while calling \(\*a.Gate\).Pass\$lit, which ends up receiving from Gate.open \(by \(\*a.Gate\).Pass\$lit\), whose closer \(\*a.Gate\).Open locks g.mu first`
		<-g.open
	}()
}

func (g *Gate) Open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.open)
}

// P28: Add(-1) is the peer of Wait.
type Loader struct {
	mu sync.Mutex
	wg sync.WaitGroup
	m  map[string]int
}

func (l *Loader) load(k string) {
	l.mu.Lock()
	l.m[k] = 1
	l.mu.Unlock()
	l.wg.Add(-1)
}

func (l *Loader) Sync() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.wg.Wait() // want `l.mu is held while waiting for l.wg, whose goroutine \(\*a.Loader\).load locks l.mu`
}

// P29: a Cond built as a composite literal; a second lock is held.
type Queue2 struct {
	mu    sync.Mutex
	stats sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewQueue2() *Queue2 {
	q := &Queue2{}
	q.cond = &sync.Cond{L: &q.mu}
	return q
}

func (q *Queue2) Pop() int {
	q.stats.Lock()
	defer q.stats.Unlock()
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait() // want `q.stats is held while waiting on q.cond, which releases only Queue2.mu, and its signaller \(\*a.Queue2\).Push locks q.stats first`
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *Queue2) Push(v int) {
	q.stats.Lock()
	q.stats.Unlock()
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

// P30: a channel kept in a slice field.
type Shards struct {
	mu    sync.Mutex
	chans []chan int
}

func (s *Shards) Put(i, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chans[i] <- v // want `s.mu is held while sending on s.chans\[...\], whose receiver \(\*a.Shards\).take locks s.mu first`
}

func (s *Shards) take(i int) int {
	s.mu.Lock()
	c := s.chans[i]
	s.mu.Unlock()
	return <-c
}

// P31: an embedded mutex.
type Counter struct {
	sync.Mutex
	inc chan int
	n   int
}

func (c *Counter) Add(v int) {
	c.Lock()
	defer c.Unlock()
	c.inc <- v // want `c.Mutex is held while sending on c.inc, whose receiver \(\*a.Counter\).loop locks c.Mutex first`
}

func (c *Counter) loop() {
	for {
		v := <-c.inc
		c.Lock()
		c.n += v
		c.Unlock()
	}
}
