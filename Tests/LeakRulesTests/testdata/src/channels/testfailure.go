package channels

import (
	"context"
	"testing"
	"time"
)

// The goroutine strands only once the test has failed: not a leak.
func timesOutByFailing(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		_ = v
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// A way out that only logs goes on running: the sender is stranded.
func timesOutQuietly(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- compute() }() // want "goroutine sends on unbuffered ch; the select that receives it can leave by another case first"
	select {
	case v := <-ch:
		_ = v
	case <-time.After(time.Second):
		t.Log("gave up")
	}
}

// A context that is never done is no way out: the receive always wins.
func neverDone() int {
	ctx := context.Background()
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
