package prometheus

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/asynclint/asynclint/asyncrt"
)

func TestCollector(t *testing.T) {
	rt := asyncrt.New(asyncrt.WithWorkers(2), asyncrt.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer rt.Close()
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		for range 10 {
			h := asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
				asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
				return 1
			}))
			h.Join(co)
		}
		return 0
	}))

	c := NewCollector(rt, prometheus.Labels{"runtime": "test"})
	// Conventional names and units, as promlint checks them.
	if problems, err := testutil.CollectAndLint(c); err != nil || len(problems) > 0 {
		t.Fatalf("lint: %v %+v", err, problems)
	}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*dto.MetricFamily{}
	for _, f := range families {
		byName[f.GetName()] = f
	}
	m := rt.Metrics() // after the gather: counters only grow
	value := func(name string) float64 {
		f := byName[name]
		if f == nil {
			t.Fatalf("no metric %s", name)
		}
		mt := f.GetMetric()[0]
		for _, l := range mt.GetLabel() {
			if l.GetName() == "runtime" && l.GetValue() != "test" {
				t.Errorf("%s: label runtime=%q", name, l.GetValue())
			}
		}
		switch f.GetType() {
		case dto.MetricType_COUNTER:
			return mt.GetCounter().GetValue()
		case dto.MetricType_GAUGE:
			return mt.GetGauge().GetValue()
		}
		t.Fatalf("%s: type %v", name, f.GetType())
		return 0
	}
	if got := value("asyncrt_workers"); got != 2 {
		t.Errorf("asyncrt_workers = %v", got)
	}
	if got := value("asyncrt_tasks_spawned_total"); got < 11 || got > float64(m.TasksSpawned) {
		t.Errorf("asyncrt_tasks_spawned_total = %v (now %d)", got, m.TasksSpawned)
	}
	if got := value("asyncrt_polls_total"); got < 20 || got > float64(m.Polls) {
		t.Errorf("asyncrt_polls_total = %v (now %d)", got, m.Polls)
	}
	if n := len(byName["asyncrt_local_queue_depth"].GetMetric()); n != 2 {
		t.Errorf("%d local queue series, want one per worker", n)
	}
	h := byName["asyncrt_poll_duration_seconds"].GetMetric()[0].GetHistogram()
	if float64(h.GetSampleCount()) != value("asyncrt_polls_total") {
		t.Errorf("histogram counts %d polls, polls_total %v", h.GetSampleCount(), value("asyncrt_polls_total"))
	}
	bs := h.GetBucket()
	if len(bs) != len(m.PollDurations)-1 || bs[0].GetUpperBound() != (1024*time.Nanosecond).Seconds() {
		t.Errorf("buckets = %v", bs)
	}
	for i := 1; i < len(bs); i++ {
		if bs[i].GetCumulativeCount() < bs[i-1].GetCumulativeCount() || bs[i].GetUpperBound() != 2*bs[i-1].GetUpperBound() {
			t.Errorf("bucket %d = %v after %v", i, bs[i], bs[i-1])
		}
	}
	if h.GetSampleSum() <= 0 {
		t.Errorf("sum = %v", h.GetSampleSum())
	}
	if !strings.Contains(byName["asyncrt_poll_duration_seconds"].GetHelp(), "estimated") {
		t.Errorf("help does not say the sum is estimated")
	}
}

func TestHistogramConversion(t *testing.T) {
	count, sum, buckets := histogram([]asyncrt.HistogramBucket{
		{UpTo: time.Second, Count: 2}, {UpTo: 4 * time.Second, Count: 3}, {Count: 1},
	})
	// Midpoints: 0.5s for [0,1s), 2s for [1s,4s) (geometric), 8s for the open bucket.
	if count != 6 || sum != 2*0.5+3*2+1*8 || len(buckets) != 2 || buckets[1] != 2 || buckets[4] != 5 {
		t.Errorf("count %d, sum %v, buckets %v", count, sum, buckets)
	}
}
