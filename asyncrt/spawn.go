package asyncrt

// Spawner is where a task can be spawned: a *Runtime (from synchronous
// code), or the *Co of a running async function (the task goes to the
// local queue of the worker running it, Tokio's tokio::spawn).
type Spawner interface {
	spawnTarget() (*Runtime, *worker)
}

func (rt *Runtime) spawnTarget() (*Runtime, *worker) {
	rt.checkOpen("Spawn")
	return rt, nil
}

func (co *Co) spawnTarget() (*Runtime, *worker) {
	cx := co.running()
	if cx.rt == nil {
		panic("asyncrt: Spawn with a *Co whose async function is not running on an asyncrt Runtime (it is polled by a custom executor)")
	}
	return cx.rt, cx.worker
}

// Spawn starts f as a new task and returns its handle. The task runs
// concurrently with the caller, on any worker; the caller does not wait for
// it. Dropping the handle detaches the task. Spawn records the caller's
// location for diagnostics (TaskDump, the long-poll and lost-waker reports).
//
// Spawn panics when f is nil or the runtime is closed; during Close it
// returns a handle whose task is already aborted.
//
//go:noinline
func Spawn[T any](s Spawner, f Future[T]) *JoinHandle[T] {
	return spawnTask(s, "", f, siteSpawn)
}

// SpawnNamed is Spawn with a task name shown by diagnostics.
//
//go:noinline
func SpawnNamed[T any](s Spawner, name string, f Future[T]) *JoinHandle[T] {
	return spawnTask(s, name, f, siteSpawnNamed)
}

// spawnTask creates and schedules a task for the API entry point site,
// which must call it directly (and be marked noinline).
func spawnTask[T any](s Spawner, name string, f Future[T], site spawnSiteID) *JoinHandle[T] {
	if s == nil {
		panic("asyncrt: Spawn with a nil Spawner")
	}
	if f == nil {
		panic("asyncrt: Spawn called with a nil Future")
	}
	rt, w := s.spawnTarget()
	h := &JoinHandle[T]{fut: f}
	rt.initTask(&h.hdr, h, name, w, spawnSite(site, 3))
	if rt.closeState.Load() != rtOpen {
		rt.refuseTask(&h.hdr)
		return h
	}
	rt.tasks.insert(&h.hdr)
	rt.scheduleNew(&h.hdr, w)
	if rt.closeState.Load() != rtOpen {
		// Close began between the check and the insert, and its snapshot of
		// the live tasks may have missed this one.
		h.hdr.abort()
	}
	return h
}

// initTask fills in a new task's header; it starts NOTIFIED (about to be
// queued).
func (rt *Runtime) initTask(t *header, impl taskImpl, name string, w *worker, pc uintptr) {
	t.pc = pc
	t.impl = impl
	t.rt = rt
	if name != "" {
		t.flags |= taskNamed
		rt.names.Store(t, name)
	}
	t.state.v.Store(stNotified)
	if w != nil {
		t.id = w.newID()
		t.spawnedAt = w.clockHint()
		w.counts[countSpawned]++
	} else {
		t.id = rt.nextID.Add(1)
		t.spawnedAt = rt.mono()
		rt.outside.spawned.Add(1)
	}
	if rt.cfg.trace != nil {
		rt.traceSpawn(t)
	}
}

// refuseTask completes a task spawned while the runtime is closing: it is
// aborted before it ever runs.
func (rt *Runtime) refuseTask(t *header) {
	t.state.v.Store(stRunning | stCancelled)
	t.impl.cancel(&Context{waker: noopWaker, budget: -1, rt: rt})
	t.state.transitionToComplete()
	rt.names.Delete(t)
	rt.outside.aborted.Add(1)
}

// scheduleNew queues a new task: on the spawning worker's local queue, or
// the injection queue when spawned from outside the workers.
func (rt *Runtime) scheduleNew(t *header, w *worker) {
	if w != nil {
		w.pushLocal(t)
		return
	}
	rt.inject.push(t)
	rt.notifyParked()
}

// scheduleWoken queues a task a waker made runnable. Go has no goroutine-
// local storage, so the waker cannot know whether it runs on a worker; it
// sends the task back to the worker that last polled it when that worker is
// active (it will run the task right after its current poll: the LIFO slot),
// and to the injection queue otherwise.
func (rt *Runtime) scheduleWoken(t *header) {
	if w := t.worker.Load(); w != nil && !w.parked.Load() {
		w.inbox.push(t)
		if w.parked.Load() {
			// It parked meanwhile and may have missed the push.
			w.unpark()
		}
		return
	}
	rt.inject.push(t)
	rt.notifyParked()
}

// scheduleAborted queues an idle task so that a worker runs its
// cancellation.
func (rt *Runtime) scheduleAborted(t *header) {
	if t.blocking() {
		// Blocking tasks are never idle: they are queued or running.
		return
	}
	rt.inject.push(t)
	rt.notifyParked()
}
