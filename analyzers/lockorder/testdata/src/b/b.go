package b

import "sync"

type Registry struct {
	Mu sync.Mutex
	RW sync.RWMutex
}

// Register locks r.Mu inside.
func (r *Registry) Register() {
	r.Mu.Lock()
	defer r.Mu.Unlock()
}

var GlobalMu sync.Mutex

func Touch() {
	GlobalMu.Lock()
	GlobalMu.Unlock()
}
