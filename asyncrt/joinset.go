package asyncrt

import "sync"

// JoinSet is a dynamic group of tasks of the same type, joined in the order
// they finish (tokio::task::JoinSet). Tasks keep running when nobody
// awaits them; call AbortAll (or Shutdown) when the group is no longer
// needed, typically with defer.
type JoinSet[T any] struct {
	s     Spawner
	mu    sync.Mutex
	tasks map[*JoinHandle[T]]struct{} // spawned, not yet finished
	ready []*JoinHandle[T]            // finished, not yet returned by JoinNext
	waker *Waker                      // JoinNext waiting for the next to finish
}

// NewJoinSet returns an empty set whose tasks are spawned on s.
func NewJoinSet[T any](s Spawner) *JoinSet[T] {
	if s == nil {
		panic("asyncrt: NewJoinSet with a nil Spawner")
	}
	return &JoinSet[T]{s: s, tasks: make(map[*JoinHandle[T]]struct{})}
}

// Spawn starts f as a task of the set and returns its handle (to abort it
// alone; its outcome is returned by JoinNext, not by the handle's Join).
//
//go:noinline
func (js *JoinSet[T]) Spawn(f Future[T]) *JoinHandle[T] {
	h := spawnTask(js.s, "", f, siteJoinSetSpawn)
	js.add(h)
	return h
}

// SpawnNamed is Spawn with a task name shown by diagnostics.
//
//go:noinline
func (js *JoinSet[T]) SpawnNamed(name string, f Future[T]) *JoinHandle[T] {
	h := spawnTask(js.s, name, f, siteJoinSetSpawnNamed)
	js.add(h)
	return h
}

func (js *JoinSet[T]) add(h *JoinHandle[T]) {
	js.mu.Lock()
	js.tasks[h] = struct{}{}
	js.mu.Unlock()
	t := &h.hdr
	t.joinWaker = NewWaker(func() { js.finished(h) })
	if !t.state.setJoinWaker() {
		js.finished(h)
	}
}

func (js *JoinSet[T]) finished(h *JoinHandle[T]) {
	js.mu.Lock()
	if _, ok := js.tasks[h]; !ok {
		js.mu.Unlock()
		return
	}
	delete(js.tasks, h)
	js.ready = append(js.ready, h)
	w := js.waker
	js.waker = nil
	js.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

// JoinNext waits for the next task of the set to finish and returns its
// value or error (ErrAborted, a *PanicError); ok is false when the set is
// empty. It is an await point.
func (js *JoinSet[T]) JoinNext(co *Co) (value T, err error, ok bool) {
	r := Await[joinNext[T]](co, (*joinNextFuture[T])(js))
	return r.res.Value, r.res.Err, r.ok
}

type joinNext[T any] struct {
	res Result[T]
	ok  bool
}

type joinNextFuture[T any] JoinSet[T]

func (f *joinNextFuture[T]) Poll(cx *Context) Poll[joinNext[T]] {
	js := (*JoinSet[T])(f)
	js.mu.Lock()
	if len(js.ready) > 0 {
		h := js.ready[0]
		js.ready[0] = nil
		js.ready = js.ready[1:]
		js.mu.Unlock()
		return Ready(joinNext[T]{res: h.res, ok: true})
	}
	if len(js.tasks) == 0 {
		js.mu.Unlock()
		return Ready(joinNext[T]{})
	}
	js.waker = cx.Waker()
	js.mu.Unlock()
	return Pending[joinNext[T]]()
}

// AbortAll aborts every task of the set; their outcomes (ErrAborted, or a
// value for a task that finished first) are still returned by JoinNext.
func (js *JoinSet[T]) AbortAll() {
	js.mu.Lock()
	hs := make([]*JoinHandle[T], 0, len(js.tasks))
	for h := range js.tasks {
		hs = append(hs, h)
	}
	js.mu.Unlock()
	for _, h := range hs {
		h.Abort()
	}
}

// Shutdown aborts every task and waits until all have finished unwinding,
// discarding their outcomes; the set is then empty. It is an await point.
func (js *JoinSet[T]) Shutdown(co *Co) {
	js.AbortAll()
	for {
		if _, _, ok := js.JoinNext(co); !ok {
			return
		}
	}
}

// Len returns the number of tasks in the set: running, or finished and not
// yet returned by JoinNext.
func (js *JoinSet[T]) Len() int {
	js.mu.Lock()
	defer js.mu.Unlock()
	return len(js.tasks) + len(js.ready)
}
