package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"

	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/asyncrt/console"
)

var consoleAddr = flag.String("console", "", "serve the asyncrt console (docs/console.md) on `addr`, e.g. :6060 (localhost only), and keep running until interrupted")

// startConsole serves the asyncrt console when -console is given and returns
// the function to call before the runtime closes: it keeps the program (and
// its stuck tasks) up for the page until the user interrupts it.
func startConsole(rt *asyncrt.Runtime) (waitForInterrupt func()) {
	flag.Parse()
	if *consoleAddr == "" {
		return func() {}
	}
	addr := *consoleAddr
	// An address without a host binds localhost, never every interface: the
	// console shows task names and spawn locations to whoever connects.
	if strings.HasPrefix(addr, ":") {
		addr = "localhost" + addr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo: -console:", err)
		os.Exit(2)
	}
	mux := http.NewServeMux()
	mux.Handle("/debug/asyncrt/", console.Handler(rt))
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	fmt.Printf("asyncrt console: http://%s/debug/asyncrt/\n", ln.Addr())
	return func() {
		fmt.Println("the runtime stays up for the console; interrupt (Ctrl-C) to exit")
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		<-ctx.Done()
		stop()
		srv.Shutdown(context.Background())
	}
}
