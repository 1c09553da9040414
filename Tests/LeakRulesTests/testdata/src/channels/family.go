package channels

import (
	"context"
	"errors"
	"sync"
)

type reply struct{ body string }

func ask(string) reply            { return reply{} }
func validate(string) error       { return nil }
func use(chan reply)              {}
func work(int)                    {}
func prepare() error              { return nil }
func serve()                      {}
func handle(reply)                {}
func keepWaiting(*sync.WaitGroup) {}

var errEmpty = errors.New("empty")

// L203 early-return: an error check between the go statement and the receive.

func earlyReturn(url string) (reply, error) {
	ch := make(chan reply)
	go func() {
		ch <- ask(url) // want `goroutine sends on unbuffered ch; the function can return at line 30 before receiving it`
	}()
	if err := validate(url); err != nil {
		return reply{}, err
	}
	return <-ch, nil
}

func earlyReturnAfterReceive(url string) (reply, error) {
	ch := make(chan reply)
	go func() { ch <- ask(url) }()
	r := <-ch
	if err := validate(url); err != nil {
		return reply{}, err
	}
	return r, nil
}

func earlyReturnButHandedOver(url string) (reply, error) {
	ch := make(chan reply)
	go func() { ch <- ask(url) }()
	use(ch) // escapes: someone else may drain it
	if url == "" {
		return reply{}, errEmpty
	}
	return <-ch, nil
}

func earlyReturnInTheGoroutineOnly(url string) reply {
	ch := make(chan reply)
	go func() {
		if url == "" {
			return
		}
		ch <- ask(url)
	}()
	return <-ch
}

// L204 n-cast: one answer taken, the other senders stuck.

func firstOf(urls []string) reply {
	ch := make(chan reply)
	for _, u := range urls {
		go func(u string) {
			ch <- ask(u) // want `goroutines started in a loop each send on unbuffered ch, but it is received only once`
		}(u)
	}
	return <-ch
}

func firstOfWithTimeout(ctx context.Context, urls []string) (reply, error) {
	ch := make(chan reply)
	for _, u := range urls {
		go func(u string) { ch <- ask(u) }(u) // want `goroutines started in a loop each send on unbuffered ch`
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return reply{}, ctx.Err()
	}
}

func allOf(urls []string) []reply {
	ch := make(chan reply)
	for _, u := range urls {
		go func(u string) { ch <- ask(u) }(u)
	}
	var replies []reply
	for range urls {
		replies = append(replies, <-ch)
	}
	return replies
}

func firstOfBuffered(urls []string) reply {
	ch := make(chan reply, len(urls))
	for _, u := range urls {
		go func(u string) { ch <- ask(u) }(u)
	}
	return <-ch
}

// L205 range-never-closed: the consumer outlives the producer.

func consume(jobs []int) {
	queue := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range queue { // want `goroutine ranges over queue, which is never closed`
			work(j)
		}
	}()
	for _, j := range jobs {
		queue <- j
	}
}

func consumeAndClose(jobs []int) {
	queue := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for j := range queue {
			work(j)
		}
	}()
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	<-done
}

func consumeFromElsewhere(produce func(chan<- int)) {
	queue := make(chan int)
	go func() {
		for j := range queue {
			work(j)
		}
	}()
	produce(queue) // escapes: the producer may close it
}

// L206 never-signalled: the start signal skipped by an early return.

func startLater() error {
	start := make(chan struct{})
	go func() {
		<-start // want `goroutine waits on start, but the function can return at line 163 before signalling it`
		serve()
	}()
	if err := prepare(); err != nil {
		return err
	}
	close(start)
	return nil
}

func startLaterOnEveryPath() error {
	start := make(chan struct{})
	go func() {
		<-start
		serve()
	}()
	if err := prepare(); err != nil {
		close(start)
		return err
	}
	close(start)
	return nil
}

func startLaterDeferred() error {
	start := make(chan struct{})
	defer close(start)
	go func() {
		<-start
		serve()
	}()
	return prepare()
}

// L208 select-loop-no-exit (opt-in; the fixtures run every rule).

func pump(in chan reply) {
	go func() {
		for { // want `goroutine loops on a select with no way out`
			select {
			case r := <-in:
				handle(r)
			}
		}
	}()
}

func pumpUntilDone(ctx context.Context, in chan reply) {
	go func() {
		for {
			select {
			case r := <-in:
				handle(r)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// L207 double-send: the error path goes on to the normal send.

func stepThenFinish() error {
	errc := make(chan error)
	go func() {
		if err := prepare(); err != nil {
			errc <- err
		}
		errc <- validate("x") // want `goroutine can send on unbuffered errc again after the send at line \d+, but it is received only once`
	}()
	return <-errc
}

func stepThenFinishReturning() error {
	errc := make(chan error)
	go func() {
		if err := prepare(); err != nil {
			errc <- err
			return
		}
		errc <- validate("x")
	}()
	return <-errc
}

// Channels passed to functions of this file are followed into them, one level.

func consumeQueue(queue chan int) {
	for j := range queue { // want `goroutine ranges over jobs, which is never closed`
		work(j)
	}
}

func consumeViaWorker(list []int) {
	jobs := make(chan int)
	go consumeQueue(jobs)
	for _, j := range list {
		jobs <- j
	}
}

func consumeViaWorkerAndClose(list []int) {
	jobs := make(chan int)
	go consumeQueue(jobs)
	for _, j := range list {
		jobs <- j
	}
	close(jobs)
}

func askInto(out chan reply, url string) {
	out <- ask(url) // want `goroutine sends on unbuffered ch; the function can return at line \d+ before receiving it`
}

func earlyReturnViaWorker(url string) (reply, error) {
	ch := make(chan reply)
	go askInto(ch, url)
	if url == "" {
		return reply{}, errEmpty
	}
	return <-ch, nil
}

func collect(in chan reply, n int) []reply {
	var all []reply
	for i := 0; i < n; i++ {
		all = append(all, <-in)
	}
	return all
}

func allOfViaHelper(urls []string) []reply {
	ch := make(chan reply)
	for _, u := range urls {
		go func(u string) { ch <- ask(u) }(u)
	}
	return collect(ch, len(urls))
}

func passedOnTwoLevels(url string) (reply, error) {
	ch := make(chan reply)
	go forward(ch, url)
	if url == "" {
		return reply{}, errEmpty
	}
	return <-ch, nil
}

func forward(out chan reply, url string) { askInto(out, url) }
