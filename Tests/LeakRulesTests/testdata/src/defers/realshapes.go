package defers

// Shapes that real projects write and that are not leaks: a loop that ends by itself
// releases its defers when the function returns soon after (at most the opt-in L102
// reports them), and some defers are meant to pile up.

import (
	"io"
	"os"
	"time"
)

// Kept on purpose past the loop: closing per iteration would break the code.
func keptPastLoop(paths []string) error {
	var files []*os.File
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		files = append(files, f)
	}
	return readAll(files)
}

func storedPastLoop(paths []string, byName map[string]*os.File) {
	for _, p := range paths {
		f, _ := os.Open(p)
		defer f.Close()
		byName[p] = f
	}
}

// A table-driven test over a handful of cases.
func tableDriven(t tester) {
	for _, name := range []string{"a", "b", "c"} {
		f, _ := os.Create(name)
		defer os.Remove(f.Name()) // want "defer os.Remove\\(f.Name\\(\\)\\) runs when tableDriven returns.*\\(L102"
	}
}

// A retry capped by a constant.
func cappedRetry() error {
	for attempt := 0; attempt < 3; attempt++ {
		f, err := os.Open("x")
		if err != nil {
			continue
		}
		defer f.Close() // want "\\(L102 defer-in-bounded-loop\\)"
	}
	return nil
}

// Rollback defers in a loop of steps.
func rollback(steps []func() error) (err error) {
	for _, step := range steps {
		if err = step(); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				undo()
			}
		}()
	}
	return nil
}

// At most once: behind a guard flag, or a guard the block turns off.
func guardFlag(locks []locker, ch chan int) {
	locked := false
	for v := range ch {
		if !locked {
			locks[0].Lock()
			defer locks[0].Unlock()
			locked = true
		}
		use(v)
	}
}

func lazyTimer(ch chan int, deadline time.Time) {
	var timer *time.Timer
	for {
		if timer == nil {
			timer = time.NewTimer(time.Until(deadline))
			defer timer.Stop()
		}
		select {
		case <-ch:
		case <-timer.C:
			return
		}
	}
}

// A select case that fires once: a timer made before the loop.
func fallbackOnce(results chan int) int {
	fallback := time.NewTimer(time.Second)
	defer fallback.Stop()
	for {
		select {
		case <-fallback.C:
			f, _ := os.Open("fallback")
			defer f.Close()
		case r := <-results:
			return r
		}
	}
}

type tester interface{ Fatal(...any) }
type locker interface{ Lock(); Unlock() }

func readAll([]*os.File) error { return nil }
func undo()                    {}

// Reading a stream to io.EOF: the input ends the loop (at most the opt-in L102).
func unpack(next func() (string, error)) error {
	for {
		name, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		f, _ := os.Open(name)
		defer f.Close() // want "\\(L102 defer-in-bounded-loop\\)"
	}
	return nil
}
