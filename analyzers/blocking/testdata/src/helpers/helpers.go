// Package helpers is a library used by async code in other packages: its
// blocking is known there through may-block facts.
package helpers

import (
	"os"
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// LoadConfig reads a file: two calls deep to os.Open.
func LoadConfig(path string) ([]byte, error) {
	return readAll(path)
}

func readAll(path string) ([]byte, error) { return os.ReadFile(path) }

// Backoff sleeps.
func Backoff(attempt int) {
	time.Sleep(time.Duration(attempt) * time.Millisecond)
}

// Pure does not block.
func Pure(x int) int { return x * 2 }

// Pool has a blocking method and a non-blocking one.
type Pool struct {
	wg sync.WaitGroup
	mu sync.Mutex
	n  int
}

func (p *Pool) Drain() { p.wg.Wait() }

func (p *Pool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// Cache is generic; Get blocks on a channel.
type Cache[K comparable, V any] struct {
	fill chan V
}

func (c *Cache[K, V]) Get(k K) V { return <-c.fill }

func (c *Cache[K, V]) Peek(k K) (V, bool) {
	select {
	case v := <-c.fill:
		return v, true
	default:
		var zero V
		return zero, false
	}
}

// Retry is recursive and sleeps between attempts.
func Retry(n int, f func() error) error {
	if err := f(); err == nil || n == 0 {
		return err
	}
	Backoff(n)
	return Retry(n-1, f)
}

// Fib is recursive and does not block.
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

// Fetch is an async helper that blocks inside: reported where it is called
// from other packages.
func Fetch(co *asyncrt.Co) int {
	time.Sleep(time.Millisecond) // (reported when this package is checked)
	return 1
}

// Tick waits properly.
func Tick(co *asyncrt.Co) {
	asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
}

// Spin is declared blocking by its author.
//
//asynclint:blocking busy-waits on a hardware register
func Spin() {}

// Drained is declared nonblocking: its channel is filled beforehand.
//
//asynclint:nonblocking
func Drained(ch chan int) int { return <-ch }
