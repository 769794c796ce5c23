// Package helpers has async helpers; their MaySuspend facts reach package a.
package helpers

import "github.com/asynclint/asynclint/asyncrt"

// Get awaits a lookup.
func Get(co *asyncrt.Co, key string) string {
	return asyncrt.Await(co, asyncrt.Async(func(co *asyncrt.Co) string { return "v:" + key }))
}

// Pause gives the worker up once, two calls down.
func Pause(co *asyncrt.Co) { pause(co) }

func pause(co *asyncrt.Co) { asyncrt.Yield(co) }

// Label does not suspend.
func Label(key string) string { return "label:" + key }
