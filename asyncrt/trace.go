package asyncrt

import (
	"context"
	"log/slog"
	"time"
)

// Tracing: task spawn, poll and completion events through log/slog, the
// poor man's tokio-console/tracing subscriber. Off by default: each hook is
// one nil check of rt.cfg.trace on the spawn, poll and completion paths
// (BenchmarkTracing measures spawn+join with tracing off, on with a
// handler that drops Debug records, and on with one that formats them).

// WithTracing reports task events to l at slog.LevelDebug (so the handler
// must enable Debug to see them): "asyncrt: task spawned" with the task's
// id, name and spawn location; "asyncrt: task polled" after each poll with
// its duration and whether it completed the task; "asyncrt: task completed"
// with the outcome (ok, panicked, aborted). Every event carries the task id,
// so a log can be filtered per task. It costs a record per event when on;
// when off (the default) nothing is built.
func WithTracing(l *slog.Logger) Option {
	if l == nil {
		panic("asyncrt: WithTracing(nil)")
	}
	return func(c *config) { c.trace = l }
}

func (rt *Runtime) traceSpawn(t *header) {
	l := rt.cfg.trace
	ctx := context.Background()
	if !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	fn, file, line := t.location()
	l.LogAttrs(ctx, slog.LevelDebug, "asyncrt: task spawned",
		slog.Uint64("task", t.id),
		slog.String("name", t.name()),
		slog.String("spawned_at", file+":"+itoa(line)),
		slog.String("spawned_by", fn),
		slog.Bool("blocking", t.blocking()))
}

func (rt *Runtime) tracePoll(t *header, w *worker, d int64, done bool) {
	l := rt.cfg.trace
	ctx := context.Background()
	if !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	l.LogAttrs(ctx, slog.LevelDebug, "asyncrt: task polled",
		slog.Uint64("task", t.id),
		slog.String("name", t.name()),
		slog.Int("worker", w.index),
		slog.Duration("duration", time.Duration(d)),
		slog.Bool("ready", done))
}

func (rt *Runtime) traceComplete(t *header, res outcome) {
	l := rt.cfg.trace
	ctx := context.Background()
	if !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	var o string
	switch res {
	case outcomeOK:
		o = "ok"
	case outcomePanicked:
		o = "panicked"
	default:
		o = "aborted"
	}
	l.LogAttrs(ctx, slog.LevelDebug, "asyncrt: task completed",
		slog.Uint64("task", t.id),
		slog.String("name", t.name()),
		slog.String("outcome", o),
		slog.Uint64("polls", t.polls.Load()),
		slog.Duration("busy", time.Duration(t.busyNanos.Load())))
}
