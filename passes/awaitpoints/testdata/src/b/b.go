// Package b holds async helpers that package a calls: the facts must carry
// across the package boundary.
package b

import "github.com/asynclint/asynclint/asyncrt"

// Fetch awaits two calls deep: Fetch → get → asyncrt.Await.
func Fetch(co *asyncrt.Co, f asyncrt.Future[int]) int { // want Fetch:`maySuspend\(b.get → asyncrt.Await\)`
	return get(co, f) + 1
}

func get(co *asyncrt.Co, f asyncrt.Future[int]) int { // want get:`maySuspend\(asyncrt.Await\)`
	return asyncrt.Await(co, f)
}

// Pure takes the coroutine but never suspends.
func Pure(co *asyncrt.Co, x int) int { return x * 2 }

type Client struct{ h *asyncrt.JoinHandle[string] }

// Wait joins a task: (*JoinHandle).Join is a primitive.
func (c *Client) Wait(co *asyncrt.Co) string { // want Wait:`maySuspend\(\(\*asyncrt.JoinHandle\[T\]\).Join\)`
	s, _ := c.h.Join(co)
	return s
}
