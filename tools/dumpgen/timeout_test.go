package main

import "testing"

// TestHangs blocks until `go test -timeout` gives up and dumps every goroutine.
// It runs only when asked for: DUMPGEN_HANG=1.
func TestHangs(t *testing.T) {
	if testingShort() {
		t.Skip("set DUMPGEN_HANG=1 to run")
	}
	startBlocked(2)
	select {}
}
