package main

import (
	"runtime"
	"sync"
)

// hub fans every sample out to its subscribers. The first subscriber stays; the others take
// a number of samples and go away, as the story's receivers did when they returned or hit
// an error — but the hub keeps sending to them.
type hub struct {
	mu       sync.Mutex
	channels []chan Sample
	leak     bool
}

func newHub(leak bool) *hub {
	return &hub{leak: leak}
}

// subscribe starts a subscriber that takes `lifetime` samples (0: forever) and then returns.
func (h *hub) subscribe(lifetime int) {
	ch := make(chan Sample)
	h.mu.Lock()
	h.channels = append(h.channels, ch)
	h.mu.Unlock()
	go func() {
		for taken := 0; lifetime == 0 || taken < lifetime; taken++ {
			<-ch
		}
	}()
}

// run distributes samples forever.
func (h *hub) run(samples <-chan Sample) {
	for s := range samples {
		s.Goroutines = runtime.NumGoroutine()
		h.mu.Lock()
		channels := h.channels
		h.mu.Unlock()
		if h.leak {
			h.broadcastLeaky(channels, s)
		} else {
			h.broadcast(channels, s)
		}
	}
}

// broadcastLeaky is leak 2: one goroutine per send, so the loop never blocks, but a send to
// a subscriber that has gone away blocks its goroutine forever.
func (h *hub) broadcastLeaky(channels []chan Sample, s Sample) {
	for i := range channels {
		sendsStarted.Add(1)
		go func(ch chan Sample) {
			ch <- s
			sendsDelivered.Add(1)
		}(channels[i])
	}
}

// broadcast is the fix: a non-blocking send drops the value when nobody is receiving.
func (h *hub) broadcast(channels []chan Sample, s Sample) {
	for i := range channels {
		sendsStarted.Add(1)
		select {
		case channels[i] <- s:
			sendsDelivered.Add(1)
		default:
			sendsDropped.Add(1)
		}
	}
}
