package defers

// The story's shape: a long-running loop that only return (or nothing) ends.

import (
	"context"
	"net"
	"os"
	"time"
)

func sampleUntilCancelled(ctx context.Context, ticker *time.Ticker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			f, err := os.Open("/proc/self/stat")
			if err != nil {
				continue
			}
			defer f.Close() // want "defer f.Close\\(\\) in a loop with no condition, left only by return \\(line 16\\): every iteration's deferred call is kept until sampleUntilCancelled returns.*\\(L101"
		}
	}
}

func serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		defer c.Close() // want "in a loop with no condition, left only by return \\(line 31\\)"
		go handle(c)
	}
}

func worker(jobs <-chan string) {
	for path := range jobs {
		f, _ := os.Open(path)
		defer f.Close() // want "in a loop over jobs, which ends only when the channel is closed"
	}
}

// A timer reset in the loop fires again: not once.
func resetEachTime(ch chan int) {
	t := time.NewTimer(time.Second)
	for {
		select {
		case <-t.C:
			f, _ := os.Open("x")
			defer f.Close() // want "in a loop that never ends"
			t.Reset(time.Second)
		case <-ch:
		}
	}
}

func handle(net.Conn) {}

// A connection's read loop runs until the connection fails: a break on an error is its end,
// which may be days away.
func readLoop(conn reader, out chan []byte) {
	for {
		message, err := conn.Read()
		if err != nil {
			break
		}
		ctx, cancel := withTimeout()
		defer cancel() // want "defer cancel\\(\\) in a loop with no condition, left only by break or return \\(line 67\\)"
		send(ctx, out, message)
	}
}

type reader interface{ Read() ([]byte, error) }

func withTimeout() (context.Context, func())           { return context.Background(), func() {} }
func send(context.Context, chan []byte, []byte)        {}
