package asyncrt

import (
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCancellationTokenTree(t *testing.T) {
	root := NewCancellationToken()
	child := root.Child()
	grandchild := child.Child()
	sibling := root.Child()
	child.Cancel()
	if !child.IsCancelled() || !grandchild.IsCancelled() {
		t.Fatal("cancelling a token must cancel its descendants")
	}
	if root.IsCancelled() || sibling.IsCancelled() {
		t.Fatal("cancelling a child must not cancel its parent or siblings")
	}
	root.Cancel()
	root.Cancel() // idempotent
	if !sibling.IsCancelled() {
		t.Fatal("cancelling the root must cancel every child")
	}
	if late := root.Child(); !late.IsCancelled() {
		t.Fatal("a child of a cancelled token must start cancelled")
	}
}

// A parent holds its children weakly: children nobody keeps are pruned, so
// a long-lived parent does not grow with one child per request; a child
// kept alive only by its own child is still cancelled.
func TestCancellationTokenForgetsDroppedChildren(t *testing.T) {
	root := NewCancellationToken()
	kept := root.Child().Child() // its parent is referenced only by it
	for range 10 {
		for range 10000 {
			root.Child()
		}
		runtime.GC()
	}
	root.mu.Lock()
	n := len(root.children)
	root.mu.Unlock()
	// Pruning happens when the list doubles past the live count: it holds
	// at most about two rounds' worth, not the 100000 children made.
	if n > 25000 {
		t.Errorf("root keeps %d child links after 100000 dropped children", n)
	}
	root.Cancel()
	if !kept.IsCancelled() {
		t.Error("a grandchild whose parent is only reachable through it was not cancelled")
	}
}

func TestCancelledFutureAndWithCancel(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	tok := NewCancellationToken()
	var woke atomic.Int32
	var unwound atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			var hs []*JoinHandle[struct{}]
			for range 3 {
				hs = append(hs, Spawn(co, Async(func(co *Co) struct{} {
					Await(co, tok.Child().Cancelled())
					woke.Add(1)
					return struct{}{}
				})))
			}
			r := Spawn(co, WithCancel(tok, sleeper(time.Hour, 1, nil, &unwound)))
			fast := Await(co, WithCancel(tok, ReadyFuture(7)))
			if fast.Err != nil || fast.Value != 7 {
				t.Errorf("WithCancel of a ready future = %+v", fast)
			}
			Await(co, Sleep(time.Second))
			tok.Cancel()
			for _, h := range hs {
				h.Join(co)
			}
			if res, _ := r.Join(co); !errors.Is(res.Err, ErrCancelled) || unwound.Load() != 1 {
				t.Errorf("WithCancel after Cancel = %+v, unwound %d", res, unwound.Load())
			}
			// A dropped Cancelled future leaves no waiter behind.
			tok2 := NewCancellationToken()
			Await(co, Select(Case(tok2.Cancelled(), nil), Case(ReadyFuture(0), nil)))
			if len(tok2.waiters) != 0 {
				t.Errorf("a dropped Cancelled future is still registered")
			}
			return struct{}{}
		}))
	})
	if woke.Load() != 3 {
		t.Fatalf("%d of 3 waiters woke", woke.Load())
	}
}

func TestScopeJoinsItsTasks(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var finished atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			start := rt.Now()
			var inner *JoinHandle[int]
			v := WithScope(co, func(co *Co, sc *Scope) int {
				for i := range 5 {
					SpawnScoped(sc, Async(func(co *Co) int {
						Await(co, Sleep(time.Duration(i+1)*time.Second))
						if i == 4 { // a scoped task spawning into its scope
							inner = SpawnScoped(sc, Async(func(co *Co) int {
								Await(co, Sleep(time.Second))
								finished.Add(1)
								return 0
							}))
						}
						finished.Add(1)
						return i
					}))
				}
				if sc.Len() != 5 {
					t.Errorf("Len = %d, want 5", sc.Len())
				}
				return 42
			})
			if v != 42 || finished.Load() != 6 {
				t.Errorf("WithScope = %d with %d tasks finished, want 42 and 6", v, finished.Load())
			}
			if d := rt.Now().Sub(start); d != 6*time.Second {
				t.Errorf("WithScope returned after %v, want 6s (the last task)", d)
			}
			if !inner.IsFinished() {
				t.Error("a task spawned into the scope by a scoped task outlived it")
			}
			return struct{}{}
		}))
	})
}

func TestScopeCancelAndPanic(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var unwound atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			var tok *CancellationToken
			WithScope(co, func(co *Co, sc *Scope) struct{} {
				tok = sc.Token()
				for range 3 {
					SpawnScoped(sc, sleeper(time.Hour, 0, nil, &unwound))
				}
				Await(co, Sleep(time.Second))
				sc.Cancel()
				return struct{}{}
			})
			if unwound.Load() != 3 || !tok.IsCancelled() {
				t.Errorf("after Cancel: %d of 3 tasks unwound, token cancelled %v", unwound.Load(), tok.IsCancelled())
			}
			unwound.Store(0)
			var sc2 *Scope
			msg := func() (msg any) {
				defer func() { msg = recover() }()
				WithScope(co, func(co *Co, sc *Scope) struct{} {
					sc2 = sc
					for range 2 {
						SpawnScoped(sc, sleeper(time.Hour, 0, nil, &unwound))
					}
					Await(co, Sleep(time.Second))
					panic("body failed")
				})
				return nil
			}()
			if msg != "body failed" || unwound.Load() != 2 {
				t.Errorf("panicking body: recovered %v, %d of 2 tasks unwound before the panic went on", msg, unwound.Load())
			}
			if m := mustPanic(t, func() { SpawnScoped(sc2, ReadyFuture(1)) }); !strings.Contains(m, "has ended") {
				t.Errorf("SpawnScoped after the scope: %q", m)
			}
			return struct{}{}
		}))
	})
}

// When the task running WithScope is aborted, the scope's tasks are
// aborted too.
func TestScopeOwnerAborted(t *testing.T) {
	rt, _ := newTestRuntime(t)
	var started, unwound atomic.Int32
	within(t, 10*time.Second, func() {
		owner := Spawn(rt, Async(func(co *Co) struct{} {
			return WithScope(co, func(co *Co, sc *Scope) struct{} {
				for range 3 {
					SpawnScoped(sc, sleeper(time.Hour, 0, &started, &unwound))
				}
				Await(co, Never[struct{}]())
				return struct{}{}
			})
		}))
		eventually(t, 5*time.Second, "scoped tasks started", func() bool { return started.Load() == 3 })
		owner.Abort()
		eventually(t, 5*time.Second, "scoped tasks unwound", func() bool { return unwound.Load() == 3 })
	})
}
