// Package gen has generic helpers instantiated in other packages.
package gen

import "time"

// Collect drains ch into a slice.
func Collect[T any](ch chan T) []T {
	var out []T
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Delay sleeps and returns v.
func Delay[T any](v T, d time.Duration) T {
	time.Sleep(d)
	return v
}

// Identity does nothing blocking.
func Identity[T any](v T) T { return v }

// Box is a generic container with a blocking and a non-blocking method.
type Box[T any] struct{ ch chan T }

func (b *Box[T]) Take() T  { return <-b.ch }
func (b *Box[T]) Cap() int { return cap(b.ch) }
