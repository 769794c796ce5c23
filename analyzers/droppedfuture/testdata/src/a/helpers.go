package a

import (
	"errors"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// fetch is an async helper returning a lazy future.
func fetch(url string) asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int { return len(url) })
}

// mk returns a future and an error, the usual constructor contract.
func mk(url string) (asyncrt.Future[int], error) {
	if url == "" {
		return nil, errors.New("empty url")
	}
	return fetch(url), nil
}

type Client struct{ base string }

func (c *Client) Fetch(path string) asyncrt.Future[string] {
	return asyncrt.Async(func(co *asyncrt.Co) string { return c.base + path })
}

// Request is a user-defined future with builder-style methods.
type Request struct {
	url     string
	headers map[string]string
}

func (r *Request) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	return asyncrt.Ready(r.url)
}

// Header returns its receiver: a builder step, not a new future.
func (r *Request) Header(k, v string) *Request {
	if r.headers == nil {
		r.headers = map[string]string{}
	}
	r.headers[k] = v
	return r
}

// WithTimeout returns a new future wrapping the receiver.
func (r *Request) WithTimeout(d time.Duration) asyncrt.Future[asyncrt.Result[string]] {
	return asyncrt.Timeout[string](d, r)
}

func (c *Client) Get(url string) *Request { return &Request{url: c.base + url} }

// consume hands a future on; what it does with it is its business.
func consume[T any](f asyncrt.Future[T]) {}

func await[T any](co *asyncrt.Co, f asyncrt.Future[T]) T { return asyncrt.Await(co, f) }

func cond() bool { return time.Now().Unix()%2 == 0 }
