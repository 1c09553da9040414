package defers

import (
	"os"
	"sync"
	"time"
)

// Every loop form.

func forever(paths []string) {
	for {
		f, _ := os.Open(paths[0])
		defer f.Close() // want `defer f.Close\(\) in a loop that never ends: forever never returns`
	}
}

func threeClause(mus []*sync.Mutex) {
	for i := 0; i < len(mus); i++ {
		mus[i].Lock()
		defer mus[i].Unlock() // want `defer mus\[i\].Unlock\(\) runs when threeClause returns, not at the end of each iteration`
	}
}

func condition(more func() bool) {
	for more() {
		defer release() // want "defer release\\(\\) runs when condition returns"
	}
}

func rangeSlice(files []*os.File) {
	for _, f := range files {
		defer f.Close() // want "runs when rangeSlice returns"
	}
}

func rangeMap(m map[string]*os.File) {
	for _, f := range m {
		defer f.Close() // want "runs when rangeMap returns"
	}
}

func rangeChannel(files chan *os.File) {
	for f := range files {
		defer f.Close() // want "in a loop over files, which ends only when the channel is closed"
	}
}

func rangeTicker(t *time.Ticker) {
	for range t.C {
		defer release() // want "in a loop that never ends"
	}
}

func rangeInt(n int) {
	for i := range n {
		defer use(i) // want "runs when rangeInt returns"
	}
}

func rangeFunc(seq func(func(int) bool)) {
	for v := range seq {
		defer use(v) // want "runs when rangeFunc returns"
	}
}

func labelled(rows [][]int) {
outer:
	for _, row := range rows {
		for _, v := range row {
			if v < 0 {
				continue outer
			}
			defer use(v) // want "runs when labelled returns"
		}
	}
}

func gotoLoop() {
again:
	c := dial()
	defer c.Close() // want "runs when gotoLoop returns"
	if c.Err() != nil {
		goto again
	}
}

func nestedInSwitch(xs []int) {
	for _, x := range xs {
		switch {
		case x > 0:
			defer use(x) // want "runs when nestedInSwitch returns"
		}
	}
}

func breakOnlyLeavesTheSelect(in chan int) {
	for {
		select {
		case v := <-in:
			defer use(v) // want "in a loop that never ends"
			break
		}
	}
}

// Function bodies of every kind.

var packageLevel = func(xs []int) {
	for _, x := range xs {
		defer use(x) // want "runs when the function literal returns"
	}
}

func literalPassedToCall(run func(func())) {
	run(func() {
		for i := 0; i < 3; i++ {
			defer use(i) // want "runs when the function literal returns"
		}
	})
}

func goroutineLiteral(in chan int) {
	go func() {
		for v := range in {
			defer use(v) // want "in a loop over in, which ends only when the channel is closed: each received value leaves a deferred call that the goroutine keeps"
		}
	}()
}

type worker struct{ jobs chan int }

func (w *worker) run() {
	for job := range w.jobs {
		defer use(job) // want "runs when run returns"
	}
}
