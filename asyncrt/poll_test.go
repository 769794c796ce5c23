package asyncrt

import "testing"

func TestPoll(t *testing.T) {
	r := Ready(7)
	if !r.IsReady() {
		t.Fatal("Ready not ready")
	}
	if v, ok := r.Value(); !ok || v != 7 {
		t.Fatalf("Ready(7).Value() = %v, %v", v, ok)
	}
	p := Pending[string]()
	if p.IsReady() {
		t.Fatal("Pending is ready")
	}
	if v, ok := p.Value(); ok || v != "" {
		t.Fatalf("Pending.Value() = %q, %v", v, ok)
	}
}

func TestNext(t *testing.T) {
	if n := Item(3); !n.OK || n.Value != 3 {
		t.Fatalf("Item(3) = %+v", n)
	}
	if n := Done[int](); n.OK || n.Value != 0 {
		t.Fatalf("Done() = %+v", n)
	}
}

// countdown is a Stream of n, n-1, ..., 1 that is pending every other poll.
type countdown struct {
	n       int
	pending bool
}

func (c *countdown) PollNext(cx *Context) Poll[Next[int]] {
	if c.n == 0 {
		return Ready(Done[int]())
	}
	c.pending = !c.pending
	if c.pending {
		cx.Waker().Wake()
		return Pending[Next[int]]()
	}
	c.n--
	return Ready(Item(c.n + 1))
}

func TestStreamByHand(t *testing.T) {
	var s Stream[int] = &countdown{n: 3}
	cx := NewContext(NoopWaker())
	var got []int
	for range 100 {
		p := s.PollNext(cx)
		v, ok := p.Value()
		if !ok {
			continue
		}
		if !v.OK {
			break
		}
		got = append(got, v.Value)
	}
	if len(got) != 3 || got[0] != 3 || got[2] != 1 {
		t.Fatalf("got %v", got)
	}
}
