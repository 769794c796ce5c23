// Package console serves a live view of an asyncrt runtime in the browser:
// what tokio-console is for Tokio, mounted like net/http/pprof.
//
//	mux := http.NewServeMux()
//	mux.Handle("/debug/asyncrt/", console.Handler(rt))
//	go http.ListenAndServe("localhost:6060", mux)
//
// The page (the mount path itself, e.g. /debug/asyncrt/) shows the runtime
// summary (workers, queue depths, steals, polls per second and a histogram
// of poll durations), a sortable table of the live tasks, and a panel of
// warnings — long polls, lost wakers, tasks that mostly wake themselves,
// tasks that never yielded — each linked to the documentation of the static
// check that finds its cause. The page updates itself over Server-Sent
// Events (events) and the same data is served as JSON (snapshot.json, shaped
// like Snapshot) for scripts and tests.
//
// Cost: the handler starts nothing when it is created or mounted. The
// counters it shows are the runtime's own, kept whether or not anyone
// watches (see Metrics, TaskDump and Diagnostics in asyncrt). Only a
// connected event stream samples the runtime, once per update interval,
// and a sample walks every live task: watching a runtime with a million
// tasks costs real CPU, which is why the interval grows with the cost of a
// sample.
//
// Security: like net/http/pprof, the console shows the program's internals
// (function names, file paths, task names). Never mount it on an address
// reachable from outside: bind it to localhost or put it behind
// authentication. The handler answers GET only (405 otherwise), sends a
// Content-Security-Policy that forbids inline and foreign scripts, and never
// puts a name into markup: the page's script writes names with textContent
// and the server renders with html/template.
//
// The package imports only the standard library (and asyncrt), so linking
// it into a program adds no dependency; the Prometheus collector lives in
// the separate package console/prometheus.
package console

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

//go:embed assets
var assets embed.FS

var indexTmpl = template.Must(template.ParseFS(assets, "assets/index.html"))

// Handler returns the console of rt. Mount it on a path ending in a slash;
// it routes on the last element of the request path, so it works with or
// without http.StripPrefix:
//
//	path/               the page
//	path/snapshot.json  the current Snapshot as JSON
//	path/events         Server-Sent Events: a "snapshot" event per update
//	path/console.js, path/console.css  the page's assets (embedded)
func Handler(rt *asyncrt.Runtime) http.Handler {
	if rt == nil {
		panic("asyncrt/console: Handler(nil)")
	}
	return &handler{rt: rt, interval: defaultInterval}
}

// defaultInterval is the shortest time between two updates of an event
// stream: short enough that a long poll shows up well within a second.
const defaultInterval = 250 * time.Millisecond

type handler struct {
	rt       *asyncrt.Runtime
	interval time.Duration

	// rate computes polls/s for snapshot.json requests (each event stream
	// keeps its own).
	mu   sync.Mutex
	rate pollRate
	// shutdown has a channel per http.Server that served an event stream,
	// closed when that server shuts down (see shutdownOf).
	shutdown map[*http.Server]chan struct{}
}

// securityHeaders forbid what the page never needs: inline or foreign
// scripts, framing, and content sniffing. Even a name that slipped past
// escaping could not run.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "asyncrt console: only GET is served", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == "" || strings.HasSuffix(p, "/") {
		h.serveIndex(w)
		return
	}
	switch base := path.Base(p); base {
	case "snapshot.json":
		h.serveJSON(w)
	case "events":
		h.serveEvents(w, r)
	case "console.js", "console.css":
		h.serveAsset(w, base)
	default:
		http.NotFound(w, r)
	}
}

func (h *handler) serveIndex(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	data := struct {
		Program string
		PID     int
	}{filepath.Base(os.Args[0]), os.Getpid()}
	// The program name is user-controlled (argv[0]): html/template escapes it.
	if err := indexTmpl.Execute(w, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (h *handler) serveAsset(w http.ResponseWriter, name string) {
	b, err := fs.ReadFile(assets, "assets/"+name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	ct := "text/css; charset=utf-8"
	if strings.HasSuffix(name, ".js") {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

func (h *handler) serveJSON(w http.ResponseWriter) {
	h.mu.Lock()
	s := takeSnapshot(h.rt, &h.rate, time.Now())
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, s)
}
