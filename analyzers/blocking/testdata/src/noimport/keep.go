package noimport

import (
	"time"

	"coalias"
)

// The file does not import asyncrt: the fix adds it.
func keep(co *coalias.Co) {
	time.Sleep(time.Millisecond) // want `use asyncrt.Await\(co, asyncrt.Sleep\(d\)\)`
}
