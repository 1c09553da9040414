package channels

import "context"

type event struct{}

type hub struct{ subscribers []chan event }

// The story's shape, with the channel captured, passed, or ranged over.

func (h *hub) captured(e event) {
	for i := range h.subscribers {
		go func() {
			h.subscribers[i] <- e // want `goroutine started for each channel sends on h.subscribers\[i\] outside a select`
		}()
	}
}

func passed(subscribers []chan event, e event) {
	for i := range subscribers {
		go func(ch chan event) {
			ch <- e // want "sends on ch outside a select: once that receiver stops receiving"
			delivered()
		}(subscribers[i])
	}
}

func rangedValue(subscribers []chan event, e event) {
	for _, sub := range subscribers {
		go func() {
			sub <- e // want "sends on sub outside a select"
		}()
	}
}

// Not the fan-out leak.

func nonBlocking(subscribers []chan event, e event) {
	for i := range subscribers {
		select {
		case subscribers[i] <- e:
		default:
		}
	}
}

func withCancel(ctx context.Context, subscribers []chan event, e event) {
	for _, sub := range subscribers {
		go func(sub chan event) {
			select {
			case sub <- e:
			case <-ctx.Done():
			}
		}(sub)
	}
}

func oneResultsChannel(jobs []int, results chan int) {
	for _, job := range jobs {
		go func(job int) {
			results <- job
		}(job)
	}
}

func drainedHere(n int) {
	chans := make([]chan int, n)
	for i := range chans {
		chans[i] = make(chan int)
		go func(ch chan int) {
			ch <- i
		}(chans[i])
	}
	for _, ch := range chans {
		<-ch
	}
}

func delivered() {}
