// Package lockorder defines the lockorder check: two lock classes acquired
// in opposite orders on different paths of a package (the AB-BA deadlock).
//
// If one goroutine holds A and waits for B while another holds B and waits
// for A, neither proceeds. A lock order inversion needs no bad luck beyond
// two goroutines running both paths at once, and it is one of the most
// common pure-lock blocking bugs in real Go code.
//
// # What is reported
//
// Locks are compared by class (lockset.Lock.Class): the struct field they
// live in ("(p.Server).mu", whatever variable reaches it) or the global.
// An edge A → B is recorded wherever B is acquired while A is held on every
// path: a direct Lock/RLock, or a call of a function that may lock B while
// it runs (the lockacq pass (passes/lockacq), through static calls in this package and
// facts from others). When both A → B and B → A are seen in the package,
// the pair is reported once, at the later acquisition, with the three other
// positions (where each outer lock was taken and the opposite acquisition)
// as related information.
//
// # What is not reported
//
//   - Two locks of the same class (parent.mu then child.mu of one type):
//     hierarchical locking orders instances, which classes cannot see.
//   - Pairs where both orders take read locks on both sides.
//   - Locks without a class (local mutexes, values returned by calls).
//   - Locks held on some paths only, acquisitions in go statements,
//     TryLock.
//   - Orders across packages: each package's edges are its own (a callee
//     in another package contributes the locks it acquires, not its own
//     internal order).
//
// # Limitations
//
// Classes conflate instances: two different Server values locked in
// opposite orders against two different Conn values are reported although
// they cannot deadlock if the instances are never shared; calls through
// interfaces and function values are not followed. Sibling fields of one
// type are told apart by qualified classes (lockset.QualifiedClass):
// c.in.mu and c.out.mu, both (p.half).mu, are different locks of one
// object, while h.mu inside a method of half may be either; through pointer
// fields (w.conn.mu, r.conn.mu) two paths may reach one object and match.
package lockorder

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "two locks acquired in opposite orders (AB-BA)",
	Text: `Two locks (identified by the struct field or global they live in) are
acquired in opposite orders on different paths of the package: one path
locks B while holding A, another locks A while holding B, directly or
through calls. Two goroutines running the two paths at once can each hold
one lock and wait forever for the other.

Pick one order and follow it everywhere: release the first lock before
taking the second, or take both in the agreed order.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
	Options:  []string{"lock_types"},
}
