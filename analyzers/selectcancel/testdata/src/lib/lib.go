// Package lib is a library of futures: one declared cancel-safe (the
// directive travels to package a as a fact), one not.
package lib

import "github.com/asynclint/asynclint/asyncrt"

// Conn is a connection with framed reads.
type Conn struct {
	rx *asyncrt.Receiver[[]byte]
}

func NewConn(rx *asyncrt.Receiver[[]byte]) *Conn { return &Conn{rx: rx} }

// NextChunk waits for the next chunk; it takes a chunk only when it
// returns it.
//
//asynclint:cancelsafe it only wraps RecvFuture
func (c *Conn) NextChunk() asyncrt.Future[asyncrt.Next[[]byte]] { return c.rx.RecvFuture() }

// ReadFrame reads a length chunk and then a body chunk: dropped between
// the two, the length is lost.
func (c *Conn) ReadFrame() asyncrt.Future[[]byte] {
	return asyncrt.Async(func(co *asyncrt.Co) []byte {
		n, _ := c.rx.Recv(co)
		body, _ := c.rx.Recv(co)
		return append(n, body...)
	})
}

// Ping is a future type that loses nothing when dropped.
//
//asynclint:cancelsafe stateless until ready
type Ping struct{}

func (*Ping) Poll(cx *asyncrt.Context) asyncrt.Poll[string] { return asyncrt.Ready("pong") }

// Heartbeat is inferred cancel-safe (it returns a Sleep): the fact reaches
// package a without a directive.
func Heartbeat() asyncrt.Future[struct{}] { return asyncrt.Sleep(1e9) }
