// Package configured is analyzed with settings: Custom and
// (*sync.Mutex).Lock declared blocking, time.Sleep and (*configured.T).Poke
// declared nonblocking.
package configured

import (
	"sync"
	"time"
)

func Custom() {} // want Custom:`mayblock\(declared: configured.Custom\)`

func UsesCustom() { // want UsesCustom:`mayblock\(declared: configured.Custom\)`
	Custom()
}

func Lock(mu *sync.Mutex) { // want Lock:`mayblock\(declared: \(\*sync.Mutex\).Lock\)`
	mu.Lock()
}

func Sleeps() { time.Sleep(time.Second) }

type T struct{ ch chan int }

func (t *T) Poke() { <-t.ch }

func UsesPoke(t *T) { t.Poke() }
