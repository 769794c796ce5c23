package asyncrt

// Dropper is implemented by futures that hold something to release when
// they are abandoned before completing: a started async function (whose
// body must unwind so its defers run), an armed timer. It is Go's stand-in
// for Rust's Drop on futures: a future that owns other futures should
// implement it and drop them, and an executor or combinator that abandons a
// future (a cancelled task, Timeout's expired inner future, the losers of a
// select) calls Drop on it. Dropping a future that never started, or that
// completed, does nothing.
type Dropper interface {
	Drop()
}

// Drop drops f if it implements Dropper; other values are left to the
// garbage collector.
func Drop(f any) {
	if d, ok := f.(Dropper); ok {
		d.Drop()
	}
}

// contextDropper is the runtime-internal form of Drop that lets an
// unwinding async function keep running on the worker's context (so that
// its deferred calls may spawn, for instance).
type contextDropper interface {
	dropWith(cx *Context)
}

func dropFuture(f any, cx *Context) {
	switch d := f.(type) {
	case nil:
	case contextDropper:
		d.dropWith(cx)
	case Dropper:
		d.Drop()
	}
}
