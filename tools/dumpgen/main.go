// Command dumpgen makes real goroutine dumps for Seep's tests and benchmarks: it starts
// goroutines that block in known ways, then prints every goroutine's stack.
//
//	dumpgen stack          print runtime.Stack(all) and exit
//	dumpgen panic          panic (the runtime prints the goroutines: GOTRACEBACK=all)
//	dumpgen many N FILE    N goroutines over a handful of sites, dumped to FILE (benchmarks)
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dumpgen stack | panic | many N FILE")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "stack":
		startBlocked(3)
		os.Stdout.Write(allStacks())
	case "panic":
		startBlocked(3)
		panic("dumpgen: deliberate panic with blocked goroutines")
	case "many":
		n, err := strconv.Atoi(os.Args[2])
		if err != nil || len(os.Args) < 4 {
			fmt.Fprintln(os.Stderr, "usage: dumpgen many N FILE")
			os.Exit(2)
		}
		startBlocked(n / 5)
		if err := os.WriteFile(os.Args[3], allStacks(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "dumpgen: unknown mode", os.Args[1])
		os.Exit(2)
	}
}

var mu sync.Mutex

// startBlocked starts n goroutines at each of five sites that never wake up.
func startBlocked(n int) {
	mu.Lock() // held forever: lockers block
	var wg sync.WaitGroup
	nobodyReceives := make(chan int)
	nobodySends := make(chan int)
	var nilChan chan int
	for i := 0; i < n; i++ {
		wg.Add(5)
		go func() { wg.Done(); nobodyReceives <- 1 }()    // chan send
		go func() { wg.Done(); <-nobodySends }()          // chan receive
		go func() { wg.Done(); nilChan <- 1 }()           // chan send (nil chan)
		go func() { wg.Done(); select {} }()              // select (no cases)
		go func() { wg.Done(); mu.Lock(); mu.Unlock() }() // semacquire / sync.Mutex.Lock
	}
	wg.Wait()
	time.Sleep(100 * time.Millisecond) // let them all reach their blocking point
}

// allStacks returns runtime.Stack(all), growing the buffer until it fits.
func allStacks() []byte {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}
