package noimport

import (
	"coalias"
	"time"
)

// The file does not import asyncrt, and time.Sleep is its only use of time:
// the fix turns the time import into the asyncrt one.
func replace(co *coalias.Co) {
	time.Sleep(5) // want `use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
}
