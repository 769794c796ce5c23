package asyncrt

import (
	"context"
	"io"
	"log/slog"
	"testing"
)

// BenchmarkTracing: spawn+join of trivial tasks (BenchmarkSpawnJoin's
// "future" case) with tracing off (the default), on with a handler that
// does not enable Debug (a level check per event), and on with a handler
// that formats every record to io.Discard. One op is one task: 1 spawn,
// 1 poll and 1 completion event.
func BenchmarkTracing(b *testing.B) {
	run := func(b *testing.B, opts ...Option) {
		rt := New(append(opts, quiet)...)
		defer rt.Close()
		b.ReportAllocs()
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) int {
			hs := make([]*JoinHandle[int], spawnBatch)
			sum := 0
			for done := 0; done < b.N; done += spawnBatch {
				k := min(spawnBatch, b.N-done)
				for i := range k {
					hs[i] = Spawn(co, Future[int](readyFuture{}))
				}
				for _, h := range hs[:k] {
					v, _ := h.Join(co)
					sum += v
				}
			}
			return sum
		}))
	}
	b.Run("off", func(b *testing.B) { run(b) })
	b.Run("on/debug-disabled", func(b *testing.B) {
		run(b, WithTracing(slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))))
	})
	b.Run("on/discard-handler", func(b *testing.B) {
		run(b, WithTracing(slog.New(discardHandler{})))
	})
	b.Run("on/text-handler", func(b *testing.B) {
		run(b, WithTracing(slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	})
}

// discardHandler enables everything and drops it: the cost of building the
// events, without formatting.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
