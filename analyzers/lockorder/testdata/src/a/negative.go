package a

import "sync"

type N1a struct{ mu sync.Mutex }
type N1b struct{ mu sync.Mutex }

// Same order everywhere.
func n1x(a *N1a, b *N1b) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func n1y(a *N1a, b *N1b) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
}

type N2a struct{ mu sync.Mutex }
type N2b struct{ mu sync.Mutex }

// Released before taking the other one.
func n2x(a *N2a, b *N2b) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func n2y(a *N2a, b *N2b) {
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Lock()
	a.mu.Unlock()
}

type N3 struct {
	mu       sync.Mutex
	children []*N3
}

// Same class: parent then child, hierarchical.
func (n *N3) walk() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, c := range n.children {
		c.mu.Lock()
		c.mu.Unlock()
	}
}

type N4a struct{ rw sync.RWMutex }
type N4b struct{ rw sync.RWMutex }

// Read locks on both sides in both orders never wait for each other.
func n4x(a *N4a, b *N4b) {
	a.rw.RLock()
	b.rw.RLock()
	b.rw.RUnlock()
	a.rw.RUnlock()
}

func n4y(a *N4a, b *N4b) {
	b.rw.RLock()
	a.rw.RLock()
	a.rw.RUnlock()
	b.rw.RUnlock()
}

type N5a struct{ mu sync.Mutex }
type N5b struct{ mu sync.Mutex }

// The second order is taken in a go statement: no nesting.
func n5x(a *N5a, b *N5b) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func (b *N5b) work(a *N5a) {
	a.mu.Lock()
	a.mu.Unlock()
}

func n5y(a *N5a, b *N5b) {
	b.mu.Lock()
	go b.work(a)
	b.mu.Unlock()
}

type N6a struct{ mu sync.Mutex }
type N6b struct{ mu sync.Mutex }

// Opposite order only on a path where the first lock may not be held.
func n6x(a *N6a, b *N6b) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func n6y(a *N6a, b *N6b, x bool) {
	if x {
		b.mu.Lock()
	}
	a.mu.Lock()
	a.mu.Unlock()
	if x {
		b.mu.Unlock()
	}
}

type N7a struct{ mu sync.Mutex }
type N7b struct{ mu sync.Mutex }

// TryLock does not wait.
func n7x(a *N7a, b *N7b) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func n7y(a *N7a, b *N7b) {
	b.mu.Lock()
	if a.mu.TryLock() {
		a.mu.Unlock()
	}
	b.mu.Unlock()
}

// Local mutexes have no class.
func n8() {
	var x, y sync.Mutex
	x.Lock()
	y.Lock()
	y.Unlock()
	x.Unlock()
	y.Lock()
	x.Lock()
	x.Unlock()
	y.Unlock()
}

type N9a struct{ mu sync.Mutex }
type N9b struct{ mu sync.Mutex }

// A stored literal runs later, without the lock.
func n9x(a *N9a, b *N9b) func() {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	return func() { a.mu.Lock(); a.mu.Unlock() }
}

type N10 struct {
	mu    sync.Mutex
	other sync.Mutex
}

// Helper releases the caller's lock before taking the other.
func (n *N10) dropAndTake() {
	n.mu.Unlock()
	n.other.Lock()
	n.other.Unlock()
	n.mu.Lock()
}

func (n *N10) n10x() {
	n.other.Lock()
	n.mu.Lock()
	n.mu.Unlock()
	n.other.Unlock()
}

type N11a struct{ mu sync.Mutex }
type N11b struct{ mu sync.Mutex }

// Deferred unlock before the second lock in one function, order consistent.
func n11x(a *N11a, b *N11b) {
	func() {
		b.mu.Lock()
		defer b.mu.Unlock()
	}()
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	b.mu.Unlock()
}

type N12 struct {
	mu sync.Mutex
	c  *sync.Cond
}

// Cond.Wait with its own lock: re-acquisition, not an order.
func (n *N12) wait(other *N1a) {
	other.mu.Lock()
	defer other.mu.Unlock()
	n.c.L.Lock()
	n.c.Wait()
	n.c.L.Unlock()
}

type N13 struct {
	aMu sync.Mutex
	bMu sync.Mutex
}

// Consistent order through a helper.
func (s *N13) outer13() {
	s.aMu.Lock()
	defer s.aMu.Unlock()
	s.inner13()
}

func (s *N13) inner13() {
	s.bMu.Lock()
	s.bMu.Unlock()
}

func (s *N13) other13() {
	s.aMu.Lock()
	s.bMu.Lock()
	s.bMu.Unlock()
	s.aMu.Unlock()
	s.bMu.Lock()
	s.bMu.Unlock()
}

type N14 struct {
	headMu sync.Mutex
	tailMu sync.Mutex
}

// Consistent order through a helper.
func (s *N14) outer14() {
	s.headMu.Lock()
	defer s.headMu.Unlock()
	s.inner14()
}

func (s *N14) inner14() {
	s.tailMu.Lock()
	s.tailMu.Unlock()
}

func (s *N14) other14() {
	s.headMu.Lock()
	s.tailMu.Lock()
	s.tailMu.Unlock()
	s.headMu.Unlock()
	s.tailMu.Lock()
	s.tailMu.Unlock()
}

type N15 struct {
	inMu  sync.Mutex
	outMu sync.Mutex
}

// Consistent order through a helper.
func (s *N15) outer15() {
	s.inMu.Lock()
	defer s.inMu.Unlock()
	s.inner15()
}

func (s *N15) inner15() {
	s.outMu.Lock()
	s.outMu.Unlock()
}

func (s *N15) other15() {
	s.inMu.Lock()
	s.outMu.Lock()
	s.outMu.Unlock()
	s.inMu.Unlock()
	s.outMu.Lock()
	s.outMu.Unlock()
}

type N16 struct {
	rootMu sync.Mutex
	leafMu sync.Mutex
}

// Consistent order through a helper.
func (s *N16) outer16() {
	s.rootMu.Lock()
	defer s.rootMu.Unlock()
	s.inner16()
}

func (s *N16) inner16() {
	s.leafMu.Lock()
	s.leafMu.Unlock()
}

func (s *N16) other16() {
	s.rootMu.Lock()
	s.leafMu.Lock()
	s.leafMu.Unlock()
	s.rootMu.Unlock()
	s.leafMu.Lock()
	s.leafMu.Unlock()
}

type N17 struct {
	xMu sync.Mutex
	yMu sync.Mutex
}

// Consistent order through a helper.
func (s *N17) outer17() {
	s.xMu.Lock()
	defer s.xMu.Unlock()
	s.inner17()
}

func (s *N17) inner17() {
	s.yMu.Lock()
	s.yMu.Unlock()
}

func (s *N17) other17() {
	s.xMu.Lock()
	s.yMu.Lock()
	s.yMu.Unlock()
	s.xMu.Unlock()
	s.yMu.Lock()
	s.yMu.Unlock()
}

type N18 struct {
	pMu sync.Mutex
	qMu sync.Mutex
}

// Consistent order through a helper.
func (s *N18) outer18() {
	s.pMu.Lock()
	defer s.pMu.Unlock()
	s.inner18()
}

func (s *N18) inner18() {
	s.qMu.Lock()
	s.qMu.Unlock()
}

func (s *N18) other18() {
	s.pMu.Lock()
	s.qMu.Lock()
	s.qMu.Unlock()
	s.pMu.Unlock()
	s.qMu.Lock()
	s.qMu.Unlock()
}

type N19 struct {
	uMu sync.Mutex
	vMu sync.Mutex
}

// Consistent order through a helper.
func (s *N19) outer19() {
	s.uMu.Lock()
	defer s.uMu.Unlock()
	s.inner19()
}

func (s *N19) inner19() {
	s.vMu.Lock()
	s.vMu.Unlock()
}

func (s *N19) other19() {
	s.uMu.Lock()
	s.vMu.Lock()
	s.vMu.Unlock()
	s.uMu.Unlock()
	s.vMu.Lock()
	s.vMu.Unlock()
}

type N20 struct {
	jMu sync.Mutex
	kMu sync.Mutex
}

// Consistent order through a helper.
func (s *N20) outer20() {
	s.jMu.Lock()
	defer s.jMu.Unlock()
	s.inner20()
}

func (s *N20) inner20() {
	s.kMu.Lock()
	s.kMu.Unlock()
}

func (s *N20) other20() {
	s.jMu.Lock()
	s.kMu.Lock()
	s.kMu.Unlock()
	s.jMu.Unlock()
	s.kMu.Lock()
	s.kMu.Unlock()
}

type N21 struct {
	mMu sync.Mutex
	nMu sync.Mutex
}

// Consistent order through a helper.
func (s *N21) outer21() {
	s.mMu.Lock()
	defer s.mMu.Unlock()
	s.inner21()
}

func (s *N21) inner21() {
	s.nMu.Lock()
	s.nMu.Unlock()
}

func (s *N21) other21() {
	s.mMu.Lock()
	s.nMu.Lock()
	s.nMu.Unlock()
	s.mMu.Unlock()
	s.nMu.Lock()
	s.nMu.Unlock()
}

type N22 struct {
	eMu sync.Mutex
	fMu sync.Mutex
}

// Consistent order through a helper.
func (s *N22) outer22() {
	s.eMu.Lock()
	defer s.eMu.Unlock()
	s.inner22()
}

func (s *N22) inner22() {
	s.fMu.Lock()
	s.fMu.Unlock()
}

func (s *N22) other22() {
	s.eMu.Lock()
	s.fMu.Lock()
	s.fMu.Unlock()
	s.eMu.Unlock()
	s.fMu.Lock()
	s.fMu.Unlock()
}

type N23 struct {
	gMu sync.Mutex
	hMu sync.Mutex
}

// Consistent order through a helper.
func (s *N23) outer23() {
	s.gMu.Lock()
	defer s.gMu.Unlock()
	s.inner23()
}

func (s *N23) inner23() {
	s.hMu.Lock()
	s.hMu.Unlock()
}

func (s *N23) other23() {
	s.gMu.Lock()
	s.hMu.Lock()
	s.hMu.Unlock()
	s.gMu.Unlock()
	s.hMu.Lock()
	s.hMu.Unlock()
}

type N24 struct {
	sMu sync.Mutex
	tMu sync.Mutex
}

// Consistent order through a helper.
func (s *N24) outer24() {
	s.sMu.Lock()
	defer s.sMu.Unlock()
	s.inner24()
}

func (s *N24) inner24() {
	s.tMu.Lock()
	s.tMu.Unlock()
}

func (s *N24) other24() {
	s.sMu.Lock()
	s.tMu.Lock()
	s.tMu.Unlock()
	s.sMu.Unlock()
	s.tMu.Lock()
	s.tMu.Unlock()
}

type N25 struct {
	wMu sync.Mutex
	zMu sync.Mutex
}

// Consistent order through a helper.
func (s *N25) outer25() {
	s.wMu.Lock()
	defer s.wMu.Unlock()
	s.inner25()
}

func (s *N25) inner25() {
	s.zMu.Lock()
	s.zMu.Unlock()
}

func (s *N25) other25() {
	s.wMu.Lock()
	s.zMu.Lock()
	s.zMu.Unlock()
	s.wMu.Unlock()
	s.zMu.Lock()
	s.zMu.Unlock()
}

type N26 struct {
	cMu sync.Mutex
	dMu sync.Mutex
}

// Consistent order through a helper.
func (s *N26) outer26() {
	s.cMu.Lock()
	defer s.cMu.Unlock()
	s.inner26()
}

func (s *N26) inner26() {
	s.dMu.Lock()
	s.dMu.Unlock()
}

func (s *N26) other26() {
	s.cMu.Lock()
	s.dMu.Lock()
	s.dMu.Unlock()
	s.cMu.Unlock()
	s.dMu.Lock()
	s.dMu.Unlock()
}

// half is one direction of a connection, locked through its own methods
// (the shape of crypto/tls's halfConn).
type half struct {
	sync.Mutex
	seq int
}

type Conn27 struct {
	handshake sync.Mutex
	in, out   half
}

func (c *Conn27) writeRecord() {
	c.out.Lock()
	c.out.seq++
	c.out.Unlock()
}

// in.Mutex → handshake here, handshake → out.Mutex below: the two halves
// are different fields of one connection, so there is no inversion.
func (c *Conn27) readRenegotiation() {
	c.in.Lock()
	defer c.in.Unlock()
	c.handshake.Lock()
	c.handshake.Unlock()
}

func (c *Conn27) handshakeWrite() {
	c.handshake.Lock()
	defer c.handshake.Unlock()
	c.writeRecord()
}
