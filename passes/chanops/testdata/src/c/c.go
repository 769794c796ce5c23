package c

import "sync"

type Q struct {
	items chan int
	wg    sync.WaitGroup
}

var global = make(chan string)

func (q *Q) Pop() int { return <-q.items } // want Pop:`ops\(receive\(receive \(c.Q\).items\)\)`

func (q *Q) Pop2() int { return q.Pop() } // want Pop2:`ops\(receive\(receive \(c.Q\).items\) via \(\*c.Q\).Pop\)`

func (q *Q) Join() { q.wg.Wait() } // want Join:`ops\(WaitGroup.Wait\(WaitGroup.Wait \(c.Q\).wg\)\)`

func Emit(s string) { global <- s } // want Emit:`ops\(send\(send c.global\)\)`

// Local channels are not exported: callers elsewhere cannot name them.
func local() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return <-ch
}

// Unknown channels have no class and no fact.
func param(ch chan int) int { return <-ch }
