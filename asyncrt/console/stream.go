package console

import (
	"bytes"
	"net/http"
	"time"
)

// shutdownOf returns a channel closed when the http.Server serving r shuts
// down. Server.Shutdown waits for active requests and does not cancel
// their contexts, so without it an open page would hold Shutdown forever.
// The hook is registered once per server.
func (h *handler) shutdownOf(r *http.Request) <-chan struct{} {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	if srv == nil {
		return nil // never ready: the stream ends with its request
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.shutdown == nil {
		h.shutdown = map[*http.Server]chan struct{}{}
	}
	ch, ok := h.shutdown[srv]
	if !ok {
		ch = make(chan struct{})
		h.shutdown[srv] = ch
		srv.RegisterOnShutdown(func() { close(ch) })
	}
	return ch
}

// serveEvents streams a "snapshot" event at once and then one per
// interval until the client goes away. The interval grows to ten times
// what the last snapshot cost, so that watching a runtime with very many
// tasks never takes more than a tenth of a core.
func (h *handler) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	// A server's WriteTimeout would cut the stream: lift it for this
	// response (an error only means the writer cannot, e.g. in a test).
	_ = rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)

	shutdown := h.shutdownOf(r)
	var rate pollRate
	var buf bytes.Buffer
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-shutdown:
			return
		case <-timer.C:
		}
		start := time.Now()
		s := takeSnapshot(h.rt, &rate, start)
		buf.Reset()
		buf.WriteString("event: snapshot\ndata: ")
		writeJSON(&buf, s)    // one line: encoding/json escapes newlines in strings
		buf.WriteString("\n") // the encoder ended the line; an empty line ends the event
		if _, err := w.Write(buf.Bytes()); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		timer.Reset(max(h.interval, 10*time.Since(start)))
	}
}
