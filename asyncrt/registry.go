package asyncrt

import "sync"

// registry is the set of live tasks (Tokio's OwnedTasks): Close cancels
// them all, TaskDump lists them. Sharded so that workers spawning and
// completing tasks in parallel rarely meet on a lock.
type registry struct {
	shards [registryShards]registryShard
}

const registryShards = 64

type registryShard struct {
	mu   sync.Mutex
	head *header
	n    int
	_    [40]byte // one shard per cache line
}

func (r *registry) insert(t *header) {
	s := &r.shards[t.id%registryShards]
	s.mu.Lock()
	t.liveNext = s.head
	if s.head != nil {
		s.head.livePrev = t
	}
	s.head = t
	s.n++
	s.mu.Unlock()
}

func (r *registry) remove(t *header) {
	s := &r.shards[t.id%registryShards]
	s.mu.Lock()
	if t.livePrev != nil {
		t.livePrev.liveNext = t.liveNext
	} else {
		s.head = t.liveNext
	}
	if t.liveNext != nil {
		t.liveNext.livePrev = t.livePrev
	}
	t.livePrev, t.liveNext = nil, nil
	s.n--
	s.mu.Unlock()
}

// len counts the live tasks.
func (r *registry) len() int {
	n := 0
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		n += s.n
		s.mu.Unlock()
	}
	return n
}

// snapshot returns the live tasks.
func (r *registry) snapshot() []*header {
	var out []*header
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		for t := s.head; t != nil; t = t.liveNext {
			out = append(out, t)
		}
		s.mu.Unlock()
	}
	return out
}
