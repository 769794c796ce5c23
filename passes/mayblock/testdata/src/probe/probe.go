package probe

import (
	"os"
	"time"
)

func closures(ch chan int) { // want `func: probe.closures.func1 → channel receive`
	g := func() { // want `func: channel receive`
		<-ch // want `op: channel receive \(channel\)`
	}
	g() // want `call: probe.closures.func1 → channel receive`

	func() { // want `func: probe.closures.func2.1 → time.Sleep`
		func() { // want `func: time.Sleep`
			time.Sleep(1) // want `op: time.Sleep \(sleep\)`
		}() // want `call: probe.closures.func2.1 → time.Sleep`
	}() // want `call: probe.closures.func2 → probe.closures.func2.1 → time.Sleep`

	go func() { // want `func: os.Open`
		os.Open("x") // want `op: os.Open \(io\)`
	}()
}

func ranges(ch chan int) { // want `func: range over channel`
	for range ch { // want `op: range over channel \(channel\)`
	}
	for v := range ch { // want `op: range over channel \(channel\)`
		_ = v
	}
}

func deferred() { // want `func: probe.helper → time.Sleep`
	defer helper() // want `call: probe.helper → time.Sleep`
}

func helper() { // want `func: time.Sleep`
	time.Sleep(1) // want `op: time.Sleep \(sleep\)`
}
