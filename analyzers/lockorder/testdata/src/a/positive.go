package a

import (
	"b"
	"sync"
)

type A1 struct{ mu sync.Mutex }
type B1 struct{ mu sync.Mutex }

func p1x(a *A1, b *B1) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func p1y(a *A1, b *B1) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.mu.Lock() // want `a.mu is locked while b.mu is held, but elsewhere b.mu is locked while a.mu is held: two goroutines taking them in opposite orders deadlock \(AB-BA\); always acquire A1.mu and B1.mu in one fixed order`
	a.mu.Unlock()
}

type S2 struct {
	state sync.Mutex
	conns sync.Mutex
}

func (s *S2) p2x() {
	s.state.Lock()
	s.conns.Lock()
	s.conns.Unlock()
	s.state.Unlock()
}

func (s *S2) p2y() {
	s.conns.Lock()
	s.state.Lock() // want `s.state is locked while s.conns is held, but elsewhere s.conns is locked while s.state is held`
	s.state.Unlock()
	s.conns.Unlock()
}

type Server3 struct {
	mu    sync.Mutex
	conns map[*Conn3]bool
}
type Conn3 struct {
	mu  sync.Mutex
	srv *Server3
}

func (s *Server3) remove(c *Conn3) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (c *Conn3) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.srv.remove(c)
}

func (s *Server3) CloseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.mu.Lock() // want `c.mu is locked while s.mu is held, but elsewhere s.mu is locked while c.mu is held \(by \(\*a.Server3\).remove\)`
		c.mu.Unlock()
	}
}

type A4 struct{ mu sync.Mutex }
type B4 struct{ mu sync.Mutex }

func (a *A4) inc()  { a.mu.Lock(); a.mu.Unlock() }
func (a *A4) bump() { a.inc() }
func (b *B4) inc()  { b.mu.Lock(); b.mu.Unlock() }

func p4x(a *A4, b *B4) {
	a.mu.Lock()
	b.inc()
	a.mu.Unlock()
}

func p4y(a *A4, b *B4) {
	b.mu.Lock()
	a.bump() // want `a.mu is locked while b.mu is held \(by \(\*a.A4\).bump → \(\*a.A4\).inc\)`
	b.mu.Unlock()
}

var registryMu sync.Mutex

type Plugin5 struct{ mu sync.Mutex }

func (p *Plugin5) register() {
	p.mu.Lock()
	registryMu.Lock()
	registryMu.Unlock()
	p.mu.Unlock()
}

func reload5(p *Plugin5) {
	registryMu.Lock()
	defer registryMu.Unlock()
	p.mu.Lock() // want `p.mu is locked while registryMu is held`
	p.mu.Unlock()
}

var (
	mu6a sync.Mutex
	mu6b sync.Mutex
)

func p6x() {
	mu6a.Lock()
	mu6b.Lock()
	mu6b.Unlock()
	mu6a.Unlock()
}

func p6y() {
	mu6b.Lock()
	mu6a.Lock() // want `mu6a is locked while mu6b is held`
	mu6a.Unlock()
	mu6b.Unlock()
}

type A7 struct{ rw sync.RWMutex }
type B7 struct{ mu sync.Mutex }

func p7x(a *A7, b *B7) {
	a.rw.RLock()
	b.mu.Lock()
	b.mu.Unlock()
	a.rw.RUnlock()
}

func p7y(a *A7, b *B7) {
	b.mu.Lock()
	a.rw.Lock() // want `a.rw is locked while b.mu is held`
	a.rw.Unlock()
	b.mu.Unlock()
}

type A8 struct{ rw sync.RWMutex }
type B8 struct{ rw sync.RWMutex }

func p8x(a *A8, b *B8) {
	a.rw.RLock()
	b.rw.RLock()
	b.rw.RUnlock()
	a.rw.RUnlock()
}

func p8y(a *A8, b *B8) {
	b.rw.Lock()
	a.rw.Lock() // want `a.rw is locked while b.rw is held`
	a.rw.Unlock()
	b.rw.Unlock()
}

type Cache9 struct{ mu sync.Mutex }

func (c *Cache9) fill(r *b.Registry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r.Register()
}

func p9y(c *Cache9, r *b.Registry) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	c.mu.Lock() // want `c.mu is locked while r.Mu is held, but elsewhere r.Mu is locked while c.mu is held \(by \(\*b.Registry\).Register\)`
	c.mu.Unlock()
}

type Job10 struct{ mu sync.Mutex }

func (j *Job10) run() {
	j.mu.Lock()
	b.Touch()
	j.mu.Unlock()
}

func p10y(j *Job10) {
	b.GlobalMu.Lock()
	j.mu.Lock() // want `j.mu is locked while b.GlobalMu is held`
	j.mu.Unlock()
	b.GlobalMu.Unlock()
}

type A11 struct{ sync.Mutex }
type B11 struct{ sync.Mutex }

func p11x(a *A11, b *B11) {
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
}

func p11y(a *A11, b *B11) {
	b.Lock()
	a.Lock() // want `a.Mutex is locked while b.Mutex is held`
	a.Unlock()
	b.Unlock()
}

type Inner12 struct{ mu sync.Mutex }
type Outer12 struct {
	mu    sync.Mutex
	inner *Inner12
}

func (o *Outer12) p12x() {
	o.mu.Lock()
	o.inner.mu.Lock()
	o.inner.mu.Unlock()
	o.mu.Unlock()
}

func (o *Outer12) p12y() {
	o.inner.mu.Lock()
	o.mu.Lock() // want `o.mu is locked while o.inner.mu is held`
	o.mu.Unlock()
	o.inner.mu.Unlock()
}

type A13 struct{ mu sync.Mutex }
type B13 struct{ mu sync.Mutex }

func p13x(as []*A13, b *B13) {
	for _, a := range as {
		a.mu.Lock()
		b.mu.Lock()
		b.mu.Unlock()
		a.mu.Unlock()
	}
}

func p13y(as []*A13, b *B13) {
	b.mu.Lock()
	for _, a := range as {
		a.mu.Lock() // want `a.mu is locked while b.mu is held`
		a.mu.Unlock()
	}
	b.mu.Unlock()
}

type A14 struct{ mu sync.Mutex }
type B14 struct{ mu sync.Mutex }

func (a *A14) lock() { a.mu.Lock() }

func p14x(a *A14, b *B14) {
	a.lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func p14y(a *A14, b *B14) {
	b.mu.Lock()
	a.lock() // want `a.mu is locked while b.mu is held \(by \(\*a.A14\).lock\)`
	a.mu.Unlock()
	b.mu.Unlock()
}

type A15 struct{ mu sync.Mutex }
type B15 struct{ mu sync.Mutex }

func p15x(a *A15, b *B15) {
	a.mu.Lock()
	func() {
		b.mu.Lock()
		defer b.mu.Unlock()
	}()
	a.mu.Unlock()
}

func p15y(a *A15, b *B15) {
	b.mu.Lock()
	a.mu.Lock() // want `a.mu is locked while b.mu is held`
	a.mu.Unlock()
	b.mu.Unlock()
}

type G16[T any] struct {
	mu sync.Mutex
	v  T
}
type H16 struct{ mu sync.Mutex }

func (g *G16[T]) get() T {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.v
}

func p16x(g *G16[int], h *H16) {
	h.mu.Lock()
	g.get()
	h.mu.Unlock()
}

func p16y(g *G16[int], h *H16) {
	g.mu.Lock()
	h.mu.Lock() // want `h.mu is locked while g.mu is held`
	h.mu.Unlock()
	g.mu.Unlock()
}

type A17 struct{ mu sync.Mutex }
type B17 struct{ mu sync.Mutex }

func p17x(a *A17, b *B17, k int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch k {
	case 1:
		b.mu.Lock()
		b.mu.Unlock()
	}
}

func p17y(a *A17, b *B17, k int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if k > 0 {
		a.mu.Lock() // want `a.mu is locked while b.mu is held`
		a.mu.Unlock()
	}
}

type S18 struct {
	listMu sync.Mutex
	itemMu sync.Mutex
}

func (s *S18) forward18() {
	s.listMu.Lock()
	defer s.listMu.Unlock()
	s.inner18()
}

func (s *S18) inner18() {
	s.itemMu.Lock()
	s.itemMu.Unlock()
}

func (s *S18) backward18() {
	s.itemMu.Lock()
	defer s.itemMu.Unlock()
	s.listMu.Lock() // want `s.listMu is locked while s.itemMu is held, but elsewhere s.itemMu is locked while s.listMu is held \(by \(\*a.S18\).inner18\)`
	s.listMu.Unlock()
}

type S19 struct {
	cfgMu  sync.Mutex
	connMu sync.Mutex
}

func (s *S19) forward19() {
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	s.inner19()
}

func (s *S19) inner19() {
	s.connMu.Lock()
	s.connMu.Unlock()
}

func (s *S19) backward19() {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	s.cfgMu.Lock() // want `s.cfgMu is locked while s.connMu is held, but elsewhere s.connMu is locked while s.cfgMu is held \(by \(\*a.S19\).inner19\)`
	s.cfgMu.Unlock()
}

type S20 struct {
	peersMu sync.Mutex
	statsMu sync.Mutex
}

func (s *S20) forward20() {
	s.peersMu.Lock()
	defer s.peersMu.Unlock()
	s.inner20()
}

func (s *S20) inner20() {
	s.statsMu.Lock()
	s.statsMu.Unlock()
}

func (s *S20) backward20() {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	s.peersMu.Lock() // want `s.peersMu is locked while s.statsMu is held, but elsewhere s.statsMu is locked while s.peersMu is held \(by \(\*a.S20\).inner20\)`
	s.peersMu.Unlock()
}

type S21 struct {
	lock      sync.Mutex
	queueLock sync.Mutex
}

func (s *S21) forward21() {
	s.lock.Lock()
	defer s.lock.Unlock()
	s.inner21()
}

func (s *S21) inner21() {
	s.queueLock.Lock()
	s.queueLock.Unlock()
}

func (s *S21) backward21() {
	s.queueLock.Lock()
	defer s.queueLock.Unlock()
	s.lock.Lock() // want `s.lock is locked while s.queueLock is held, but elsewhere s.queueLock is locked while s.lock is held \(by \(\*a.S21\).inner21\)`
	s.lock.Unlock()
}

type S22 struct {
	writeMu sync.Mutex
	readMu  sync.Mutex
}

func (s *S22) forward22() {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.inner22()
}

func (s *S22) inner22() {
	s.readMu.Lock()
	s.readMu.Unlock()
}

func (s *S22) backward22() {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	s.writeMu.Lock() // want `s.writeMu is locked while s.readMu is held, but elsewhere s.readMu is locked while s.writeMu is held \(by \(\*a.S22\).inner22\)`
	s.writeMu.Unlock()
}

type S23 struct {
	sendMu  sync.Mutex
	closeMu sync.Mutex
}

func (s *S23) forward23() {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.inner23()
}

func (s *S23) inner23() {
	s.closeMu.Lock()
	s.closeMu.Unlock()
}

func (s *S23) backward23() {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	s.sendMu.Lock() // want `s.sendMu is locked while s.closeMu is held, but elsewhere s.closeMu is locked while s.sendMu is held \(by \(\*a.S23\).inner23\)`
	s.sendMu.Unlock()
}

type S24 struct {
	subsMu   sync.Mutex
	topicsMu sync.Mutex
}

func (s *S24) forward24() {
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	s.inner24()
}

func (s *S24) inner24() {
	s.topicsMu.Lock()
	s.topicsMu.Unlock()
}

func (s *S24) backward24() {
	s.topicsMu.Lock()
	defer s.topicsMu.Unlock()
	s.subsMu.Lock() // want `s.subsMu is locked while s.topicsMu is held, but elsewhere s.topicsMu is locked while s.subsMu is held \(by \(\*a.S24\).inner24\)`
	s.subsMu.Unlock()
}

type S25 struct {
	poolMu sync.Mutex
	idleMu sync.Mutex
}

func (s *S25) forward25() {
	s.poolMu.Lock()
	defer s.poolMu.Unlock()
	s.inner25()
}

func (s *S25) inner25() {
	s.idleMu.Lock()
	s.idleMu.Unlock()
}

func (s *S25) backward25() {
	s.idleMu.Lock()
	defer s.idleMu.Unlock()
	s.poolMu.Lock() // want `s.poolMu is locked while s.idleMu is held, but elsewhere s.idleMu is locked while s.poolMu is held \(by \(\*a.S25\).inner25\)`
	s.poolMu.Unlock()
}

type half28 struct {
	sync.Mutex
	seq int
}

func (h *half28) bump() {
	h.Lock() // the method cannot tell which half it is: it may be either
	h.seq++
	h.Unlock()
}

type Conn28 struct {
	handshake sync.Mutex
	in, out   half28
}

// in.Mutex → handshake here; handshake → a half28 of unknown field below
// (through a method of half28): that may be in.Mutex, an inversion.
func (c *Conn28) readRenegotiation() {
	c.in.Lock()
	defer c.in.Unlock()
	c.handshake.Lock()
	c.handshake.Unlock()
}

func (c *Conn28) handshakeWrite(h *half28) {
	c.handshake.Lock()
	defer c.handshake.Unlock()
	h.bump() // want `h.Mutex is locked while c.handshake is held \(by \(\*a.half28\).bump\), but elsewhere c.handshake is locked while c.in.Mutex is held`
}

type Conn29 struct {
	handshake sync.Mutex
	in, out   half28
}

// The same field on both sides: in.Mutex → handshake, handshake → in.Mutex.
func (c *Conn29) read() {
	c.in.Lock()
	defer c.in.Unlock()
	c.handshake.Lock()
	c.handshake.Unlock()
}

func (c *Conn29) write() {
	c.handshake.Lock()
	defer c.handshake.Unlock()
	c.in.Lock() // want `c.in.Mutex is locked while c.handshake is held, but elsewhere c.handshake is locked while c.in.Mutex is held`
	c.in.Unlock()
}

type conn30 struct {
	mu sync.Mutex
	r  *reader30
}

type reader30 struct {
	mu   sync.Mutex
	conn *conn30
}

type response30 struct{ conn *conn30 }

// Through pointer fields, w.conn.mu and r.conn.mu may be one mutex (the
// shape of net/http's conn, connReader and response): conn.mu → reader.mu
// here, reader.mu → conn.mu below, an inversion.
func (w *response30) hijack() {
	w.conn.mu.Lock()
	defer w.conn.mu.Unlock()
	w.conn.r.mu.Lock()
	w.conn.r.mu.Unlock()
}

func (r *reader30) read() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.conn.mu.Lock() // want `r.conn.mu is locked while r.mu is held, but elsewhere w.conn.r.mu is locked while w.conn.mu is held`
	r.conn.mu.Unlock()
}
