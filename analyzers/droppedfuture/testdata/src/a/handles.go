package a

import (
	"errors"

	"github.com/asynclint/asynclint/asyncrt"
)

func work(co *asyncrt.Co) error { return errors.New("failed") }

type outcome struct {
	N   int
	Err error
}

type report struct{ Errs []error }

// Positive: the task's error is lost.
func handleError(co *asyncrt.Co) {
	asyncrt.Spawn(co, asyncrt.Async(work)) // want `the \*asyncrt\.JoinHandle\[error\] returned by asyncrt\.Spawn is dropped, so the task's error is lost: join it or handle the error inside the task`
}

// Positive: an error inside a struct result.
func handleStruct(co *asyncrt.Co) {
	asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) outcome { return outcome{} })) // want `JoinHandle\[outcome\] returned by asyncrt\.Spawn is dropped, so the task's error is lost`
}

// Positive: an asyncrt.Result (which has an Err field) as the task's result.
func handleResult(co *asyncrt.Co) {
	_ = asyncrt.Spawn(co, asyncrt.Timeout(1, fetch("a"))) // want `JoinHandle\[asyncrt\.Result\[int\]\] returned by asyncrt\.Spawn is assigned to _, so the task's error is lost`
}

// Positive: errors in a slice field.
func handleSlice(co *asyncrt.Co) {
	asyncrt.SpawnNamed(co, "r", asyncrt.Async(func(co *asyncrt.Co) *report { return nil })) // want `JoinHandle\[\*report\] returned by asyncrt\.SpawnNamed is dropped, so the task's error is lost`
}

// Positive: kept in a variable, joined on one path only.
func handleOneBranch(co *asyncrt.Co, wait bool) error {
	h := asyncrt.Spawn(co, asyncrt.Async(work)) // want `h, the \*asyncrt\.JoinHandle\[error\] returned by asyncrt\.Spawn, is not joined on the path to the return at line 45, so the task's error is lost`
	if wait {
		_, err := h.Join(co)
		return err
	}
	return nil
}

// Positive: a blocking task returning an error.
func handleBlocking(co *asyncrt.Co) {
	asyncrt.SpawnBlocking(co, func() error { return nil }) // want `JoinHandle\[error\] returned by asyncrt\.SpawnBlocking is dropped`
}

// Negative: a detached task without an error result.
func handleInt(co *asyncrt.Co) {
	asyncrt.Spawn(co, fetch("a"))
	_ = asyncrt.Spawn(co, fetch("b"))
}

// Negative: the error is joined.
func handleJoined(co *asyncrt.Co) error {
	h := asyncrt.Spawn(co, asyncrt.Async(work))
	_, err := h.Join(co)
	return err
}

// Negative: aborted deliberately.
func handleAborted(co *asyncrt.Co) {
	h := asyncrt.Spawn(co, asyncrt.Async(work))
	h.Abort()
}

// Negative: handed to the caller.
func handleReturned(co *asyncrt.Co) *asyncrt.JoinHandle[error] {
	return asyncrt.Spawn(co, asyncrt.Async(work))
}

// Negative: a task that handles its own error.
func handleInside(co *asyncrt.Co) {
	asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) struct{} {
		if err := work(co); err != nil {
			println(err.Error())
		}
		return struct{}{}
	}))
}

// Negative: the handles are collected and joined.
func handlesCollected(co *asyncrt.Co, n int) error {
	hs := make([]*asyncrt.JoinHandle[error], 0, n)
	for range n {
		hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(work)))
	}
	for _, h := range hs {
		if _, err := h.Join(co); err != nil {
			return err
		}
	}
	return nil
}
