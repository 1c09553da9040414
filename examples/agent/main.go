// Command agent is a small operating-system metrics agent: it samples /proc, fans every
// sample out to its subscribers over channels, and serves net/http/pprof and expvar.
//
// It carries the two leaks from the story Seep starts from, behind a flag:
//
//	-leak=defer   the sampler defers each file's Close inside its endless loop
//	-leak=fanout  each sample is sent to each subscriber from a new goroutine, which blocks
//	              forever once that subscriber has gone away
//	-leak=none    neither (the fixed program)
package main

import (
	"expvar"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strings"
	"time"
)

var (
	addr        = flag.String("addr", "127.0.0.1:6060", "address to serve /debug/pprof and /debug/vars on")
	interval    = flag.Duration("interval", time.Second, "time between samples")
	leak        = flag.String("leak", "none", "which leak to run: none, defer, fanout or both")
	subscribers = flag.Int("subscribers", 4, "subscribers started at the beginning")
	lifetime    = flag.Int("lifetime", 20, "samples the second and later subscribers take before they go away (0: forever)")
	basicAuth   = flag.String("basic-auth", "", "user:password that every request must carry (HTTP basic authentication), as services guard pprof")
)

var (
	samplesTaken   = expvar.NewInt("samples_taken")
	sendsStarted   = expvar.NewInt("sends_started")
	sendsDelivered = expvar.NewInt("sends_delivered")
	sendsDropped   = expvar.NewInt("sends_dropped")
	openFiles      = expvar.NewInt("deferred_closes")
)

func init() {
	// Sends started and not (yet) delivered: with -leak=fanout, the goroutines stuck in
	// broadcastLeaky, give or take the few in flight.
	expvar.Publish("sends_pending", expvar.Func(func() any {
		return sendsStarted.Value() - sendsDelivered.Value()
	}))
	// The goroutine count, as services commonly publish it: seep watch reads it from /debug/vars.
	expvar.Publish("goroutines", expvar.Func(func() any {
		return runtime.NumGoroutine()
	}))
}

func main() {
	flag.Parse()
	leakDefer, leakFanout, err := parseLeak(*leak)
	if err != nil {
		fmt.Fprintln(os.Stderr, "agent:", err)
		os.Exit(2)
	}
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "agent:", err)
		os.Exit(2)
	}
	// Tests read the port from this line when -addr asks for any free port (":0").
	fmt.Printf("agent listening on http://%s leak=%s pid=%d\n", listener.Addr(), *leak, os.Getpid())

	hub := newHub(leakFanout)
	hub.subscribe(0)
	for i := 1; i < *subscribers; i++ {
		hub.subscribe(*lifetime)
	}
	samples := make(chan Sample)
	go sample(samples, *interval, leakDefer)
	go hub.run(samples)

	log.Fatal(http.Serve(listener, guarded(http.DefaultServeMux, *basicAuth)))
}

// guarded asks every request for the credentials, when there are any.
func guarded(handler http.Handler, credentials string) http.Handler {
	if credentials == "" {
		return handler
	}
	user, password, _ := strings.Cut(credentials, ":")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != user || p != password {
			w.Header().Set("WWW-Authenticate", `Basic realm="agent"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		handler.ServeHTTP(w, r)
	})
}

func parseLeak(name string) (leakDefer, leakFanout bool, err error) {
	switch name {
	case "none":
		return false, false, nil
	case "defer":
		return true, false, nil
	case "fanout":
		return false, true, nil
	case "both":
		return true, true, nil
	}
	return false, false, fmt.Errorf("unknown -leak %q (want none, defer, fanout or both)", name)
}
