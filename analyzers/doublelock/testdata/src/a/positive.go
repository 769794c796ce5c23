package a

import (
	"b"
	"sync"
)

type Cache struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
	inner Inner
	sync.Mutex
}

type Inner struct{ mu sync.Mutex }

func (c *Cache) direct() {
	c.mu.Lock()
	c.mu.Lock() // want `c.mu is locked again while already locked: sync mutexes are not reentrant`
	c.mu.Unlock()
}

// The classic shape: an exported method calls another one that locks.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func (c *Cache) Add(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Len() > 100 { // want `c.mu is locked again while already locked by \(\*a.Cache\).Len`
		return
	}
	c.items[k] = v
}

// Two calls deep.
func (c *Cache) size() int { return c.Len() }

func (c *Cache) Trim() {
	c.mu.Lock()
	n := c.size() // want `c.mu is locked again while already locked by \(\*a.Cache\).size → \(\*a.Cache\).Len`
	_ = n
	c.mu.Unlock()
}

func (c *Cache) rlockAfterLock() {
	c.rw.Lock()
	defer c.rw.Unlock()
	c.rw.RLock() // want `c.rw is read-locked while already write-locked`
	c.rw.RUnlock()
}

func (c *Cache) lockAfterRLock() {
	c.rw.RLock()
	defer c.rw.RUnlock()
	c.rw.Lock() // want `c.rw is write-locked while already read-locked: Lock waits for every reader`
	c.rw.Unlock()
}

// Upgrading a read lock in place: the check-then-write cache shape.
func (c *Cache) upgrade(k string) int {
	c.rw.RLock()
	v, ok := c.items[k]
	if !ok {
		c.rw.Lock() // want `c.rw is write-locked while already read-locked`
		c.items[k] = 1
		c.rw.Unlock()
	}
	c.rw.RUnlock()
	return v
}

func (c *Cache) count() int {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return len(c.items)
}

// Read-write-read: recursive read locking through a helper.
func (c *Cache) Stats() (int, int) {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return c.count(), 0 // want `c.rw is read-locked again while already read-locked by \(\*a.Cache\).count: if another goroutine calls Lock between the two RLocks`
}

func (c *Cache) recursiveRLock() {
	c.rw.RLock()
	c.rw.RLock() // want `c.rw is read-locked again while already read-locked`
	c.rw.RUnlock()
	c.rw.RUnlock()
}

func (c *Cache) embedded() {
	c.Lock()
	c.Lock() // want `c.Mutex is locked again while already locked`
	c.Unlock()
}

func (c *Cache) innerField() {
	c.inner.mu.Lock()
	defer c.inner.mu.Unlock()
	c.inner.mu.Lock() // want `c.inner.mu is locked again`
}

func (in *Inner) touch() {
	in.mu.Lock()
	in.mu.Unlock()
}

// The helper is called on the field: in.mu maps onto c.inner.mu.
func (c *Cache) innerHelper() {
	c.inner.mu.Lock()
	c.inner.touch() // want `c.inner.mu is locked again while already locked by \(\*a.Inner\).touch`
	c.inner.mu.Unlock()
}

var global sync.Mutex

func globalTwice() {
	global.Lock()
	global.Lock() // want `global is locked again`
	global.Unlock()
}

func lockGlobal() {
	global.Lock()
	defer global.Unlock()
}

func globalHelper() {
	global.Lock()
	lockGlobal() // want `global is locked again while already locked by a.lockGlobal`
	global.Unlock()
}

// Another package, through facts.
func otherPackage(p *b.Pub) {
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.Touch() // want `p.Mu is locked again while already locked by \(\*b.Pub\).Touch \(at b.go:`
}

func otherPackageDeep(p *b.Pub) {
	p.Mu.Lock()
	p.Deep() // want `p.Mu is locked again while already locked by \(\*b.Pub\).Deep → \(\*b.Pub\).deeper → \(\*b.Pub\).Touch`
	p.Mu.Unlock()
}

func otherPackageRead(p *b.Pub) int {
	p.RW.Lock()
	defer p.RW.Unlock()
	return p.Read() // want `p.RW is read-locked while already write-locked by \(\*b.Pub\).Read`
}

func globalOtherPackage() {
	b.Global.Lock()
	defer b.Global.Unlock()
	b.Bump() // want `b.Global is locked again while already locked by b.Bump`
}

// A directly called literal that locks the captured mutex.
func literal() {
	var mu sync.Mutex
	mu.Lock()
	func() { // want `mu is locked again while already locked by a.literal\$lit`
		mu.Lock()
		defer mu.Unlock()
	}()
	mu.Unlock()
}

// A method value called while held.
func (c *Cache) methodValue() {
	f := c.Len
	c.mu.Lock()
	f() // want `c.mu is locked again while already locked by \(\*a.Cache\).Len`
	c.mu.Unlock()
}

// A lock helper (returns holding the lock) called while held.
func (c *Cache) lockIt() { c.mu.Lock() }

func (c *Cache) viaLockHelper() {
	c.mu.Lock()
	c.lockIt() // want `c.mu is locked again while already locked by \(\*a.Cache\).lockIt`
	c.mu.Unlock()
	c.mu.Unlock()
}

// Both branches lock, then lock again after the join: must-held.
func (c *Cache) bothBranches(x bool) {
	if x {
		c.mu.Lock()
	} else {
		c.mu.Lock()
	}
	c.mu.Lock() // want `c.mu is locked again`
}

// The deferred unlock has not run yet when the helper is called.
func (c *Cache) deferThenCall() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Len() // want `c.mu is locked again while already locked by \(\*a.Cache\).Len`
}

// Generic helper.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Get() T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.v
}

func (b *Box[T]) Swap(v T) T {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.Get() // want `b.mu is locked again while already locked by \(\*a.Box\[T\]\).Get`
	b.v = v
	return old
}

// sync.Locker interface value.
func locker(l sync.Locker) {
	l.Lock()
	l.Lock() // want `l is locked again`
	l.Unlock()
}

// Locked from a switch arm after a lock before the switch.
func (c *Cache) switchArm(k int) {
	c.mu.Lock()
	switch k {
	case 1:
		c.items["x"] = 1
	case 2:
		c.Add("y", 2) // want `c.mu is locked again while already locked by \(\*a.Cache\).Add`
	}
	c.mu.Unlock()
}

// RLock via other package while write-locked is fine for a different
// RWMutex, but the same one deadlocks.
type Shard struct {
	rw sync.RWMutex
	n  int
}

func (s *Shard) N() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.n
}

func (s *Shard) Inc() {
	s.rw.Lock()
	defer s.rw.Unlock()
	s.n = s.N() + 1 // want `s.rw is read-locked while already write-locked by \(\*a.Shard\).N`
}

// A closure stored in a variable and called.
func closureVar() {
	var mu sync.Mutex
	get := func() {
		mu.Lock()
		mu.Unlock()
	}
	mu.Lock()
	get() // want `mu is locked again while already locked by a.closureVar\$lit`
	mu.Unlock()
}

// Array element with a constant index.
type Table struct{ shards [4]Shard }

func (t *Table) constIndex() {
	t.shards[0].rw.Lock()
	t.shards[0].rw.Lock() // want `t.shards\[0\].rw is locked again`
}
