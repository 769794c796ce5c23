// Package prometheus exports an asyncrt runtime's metrics to Prometheus.
// It is a separate package so that neither asyncrt nor its console depends
// on github.com/prometheus/client_golang:
//
//	import asyncrtprom "github.com/asynclint/asynclint/asyncrt/console/prometheus"
//
//	prometheus.MustRegister(asyncrtprom.NewCollector(rt, nil))
//
// The collector reads rt.Metrics() at each scrape; it adds nothing to the
// runtime's hot paths. Names follow Prometheus conventions (an asyncrt_
// prefix, _total for counters, base units: seconds).
package prometheus

import (
	"math"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/asynclint/asynclint/asyncrt"
)

// Collector is a prometheus.Collector of one runtime's metrics.
type Collector struct {
	rt *asyncrt.Runtime

	workers, tasksLive, injectionQueue, localQueue, timers *prometheus.Desc
	blockingThreads, blockingIdle, blockingQueue           *prometheus.Desc
	spawned, completed, aborted, panicked                  *prometheus.Desc
	polls, steals, stealOps, parks, longPolls, lostWakers  *prometheus.Desc
	pollDuration                                           *prometheus.Desc
}

// NewCollector returns a collector of rt's metrics. constLabels are added
// to every metric: use them to tell several runtimes of one process apart
// (e.g. prometheus.Labels{"runtime": "ingest"}); nil for none.
func NewCollector(rt *asyncrt.Runtime, constLabels prometheus.Labels) *Collector {
	if rt == nil {
		panic("asyncrt/console/prometheus: NewCollector(nil)")
	}
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("asyncrt_"+name, help, labels, constLabels)
	}
	return &Collector{
		rt:              rt,
		workers:         d("workers", "Number of executor workers."),
		tasksLive:       d("tasks_live", "Tasks spawned and not yet complete."),
		injectionQueue:  d("injection_queue_depth", "Tasks in the runtime-wide injection queue."),
		localQueue:      d("local_queue_depth", "Tasks in a worker's local run queue.", "worker"),
		timers:          d("timers_armed", "Armed timers."),
		blockingThreads: d("blocking_threads", "Threads of the blocking pool."),
		blockingIdle:    d("blocking_idle_threads", "Idle threads of the blocking pool."),
		blockingQueue:   d("blocking_queue_depth", "Functions waiting for a thread of the blocking pool."),
		spawned:         d("tasks_spawned_total", "Tasks spawned, including SpawnBlocking functions."),
		completed:       d("tasks_completed_total", "Tasks that returned a value."),
		aborted:         d("tasks_aborted_total", "Tasks cancelled by Abort, AbortAll or Close."),
		panicked:        d("tasks_panicked_total", "Tasks that panicked."),
		polls:           d("polls_total", "Polls of tasks by the workers."),
		steals:          d("steals_total", "Tasks moved between workers by work stealing."),
		stealOps:        d("steal_operations_total", "Successful work-stealing operations."),
		parks:           d("worker_parks_total", "Times a worker went to sleep for lack of work."),
		longPolls:       d("long_polls_total", "Polls that held a worker longer than the long-poll threshold."),
		lostWakers:      d("lost_wakers_total", "Pending tasks reported unreachable by the lost-waker detector."),
		pollDuration:    d("poll_duration_seconds", "Duration of task polls. The sum is estimated from the buckets (geometric midpoints); the runtime keeps counts only."),
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{
		c.workers, c.tasksLive, c.injectionQueue, c.localQueue, c.timers,
		c.blockingThreads, c.blockingIdle, c.blockingQueue,
		c.spawned, c.completed, c.aborted, c.panicked,
		c.polls, c.steals, c.stealOps, c.parks, c.longPolls, c.lostWakers,
		c.pollDuration,
	} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	m := c.rt.Metrics()
	gauge := func(d *prometheus.Desc, v int, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), labels...)
	}
	counter := func(d *prometheus.Desc, v uint64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v))
	}
	gauge(c.workers, m.Workers)
	gauge(c.tasksLive, m.TasksLive)
	gauge(c.injectionQueue, m.InjectionQueueDepth)
	for i, n := range m.LocalQueueDepths {
		gauge(c.localQueue, n, strconv.Itoa(i))
	}
	gauge(c.timers, m.Timers)
	gauge(c.blockingThreads, m.BlockingThreads)
	gauge(c.blockingIdle, m.BlockingIdleThreads)
	gauge(c.blockingQueue, m.BlockingQueueDepth)
	counter(c.spawned, m.TasksSpawned)
	counter(c.completed, m.TasksCompleted)
	counter(c.aborted, m.TasksAborted)
	counter(c.panicked, m.TasksPanicked)
	counter(c.polls, m.Polls)
	counter(c.steals, m.Steals)
	counter(c.stealOps, m.StealOps)
	counter(c.parks, m.Parks)
	counter(c.longPolls, m.LongPolls)
	counter(c.lostWakers, m.LostWakers)
	count, sum, buckets := histogram(m.PollDurations)
	ch <- prometheus.MustNewConstHistogram(c.pollDuration, count, sum, buckets)
}

// histogram converts the runtime's buckets (counts per [previous bound,
// UpTo), the last one open) to Prometheus' cumulative buckets in seconds.
func histogram(hs []asyncrt.HistogramBucket) (count uint64, sum float64, buckets map[float64]uint64) {
	buckets = make(map[float64]uint64, len(hs))
	lower := 0.0
	for _, b := range hs {
		count += b.Count
		upper := b.UpTo.Seconds()
		if b.UpTo <= 0 { // the open bucket: count it at twice its lower bound
			sum += float64(b.Count) * 2 * lower
			continue
		}
		mid := upper / 2 // the first bucket starts at 0
		if lower > 0 {
			mid = math.Sqrt(lower * upper)
		}
		sum += float64(b.Count) * mid
		buckets[upper] = count
		lower = upper
	}
	return count, sum, buckets
}
