// Package configured is checked with settings: store.Get declared blocking,
// time.Sleep and (*configured.Queue).Pop declared nonblocking.
package configured

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

type Store struct{}

func (s *Store) Get(k string) string { return k }

func Get(k string) string { return k }

type Queue struct{ ch chan int }

func (q *Queue) Pop() int { return <-q.ch }

func task(co *asyncrt.Co, s *Store, q *Queue) {
	s.Get("k")       // want `\(\*configured.Store\).Get blocks an executor worker: every other task on it waits; run it with asyncrt.SpawnBlocking`
	Get("k")         // want `configured.Get blocks an executor worker`
	time.Sleep(1000) // not reported: declared nonblocking in the settings
	q.Pop()          // not reported: declared nonblocking in the settings
}
