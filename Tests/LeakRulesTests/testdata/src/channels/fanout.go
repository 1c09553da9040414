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

// L202: a result sent on an unbuffered channel, received in a select that can time out.

func fetch(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `goroutine sends on unbuffered ch; the select that receives it can leave by another case first`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func fetchBuffered(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func senderSelects(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func receiverLoops(ctx context.Context, n int) (sum int) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	for i := 0; i < n; i++ {
		select {
		case v := <-ch:
			sum += v
		case <-ctx.Done():
		}
	}
	return sum
}

func escapes(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	go drain(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func compute() int        { return 1 }
var drain = func(ch chan int) {} // a function value: not followed, the channel escapes
