// Package helpers is a library that starts runtimes of its own: fine from
// main, a panic from async code. Its may-block facts carry that to package a.
package helpers

import "github.com/asynclint/asynclint/asyncrt"

// Fetch runs a request to completion on a runtime of its own.
func Fetch(url string) string {
	return asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) string {
		return "body of " + url
	}))
}

// LoadConfig reaches Run two calls down.
func LoadConfig(path string) map[string]string {
	return map[string]string{"raw": read(path)}
}

func read(path string) string { return Fetch("file://" + path) }

// Pool owns a runtime.
type Pool struct {
	rt *asyncrt.Runtime
}

func NewPool() *Pool { return &Pool{rt: asyncrt.New(asyncrt.WithWorkers(2))} }

// Do runs f on the pool's runtime and waits for it.
func (p *Pool) Do(f asyncrt.Future[int]) int { return asyncrt.BlockOn(p.rt, f) }

// Shutdown closes the pool's runtime.
func (p *Pool) Shutdown() { p.rt.Close() }

// Background starts the work on a goroutine and returns at once: nothing
// here waits on a runtime.
func Background(f asyncrt.Future[int]) {
	go func() { asyncrt.Run(f) }()
}

// Name does not touch any runtime.
func Name(url string) string { return "fetch " + url }
