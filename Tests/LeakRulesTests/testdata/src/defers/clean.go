package defers

import "os"

// None of these can run a defer twice in one call.

func wrappedInLiteral(paths []string) {
	for _, path := range paths {
		func() {
			f, _ := os.Open(path)
			defer f.Close()
		}()
	}
}

func breakRightAfter() {
	for {
		defer release()
		break
	}
}

func returnRightAfter() error {
	for attempt := 0; attempt < 3; attempt++ {
		c := dial()
		if c.Err() != nil {
			continue
		}
		defer c.Close()
		return nil
	}
	return nil
}

func gotoOut(xs []int) {
	for _, x := range xs {
		defer use(x)
		goto done
	}
done:
}

func panicsAfter(xs []int) {
	for range xs {
		defer release()
		panic("stop")
	}
}

func labelledBreak(rows [][]int) {
outer:
	for _, row := range rows {
		for range row {
			defer release()
			break outer
		}
	}
}

func deferBeforeLoop(xs []int) {
	defer release()
	for _, x := range xs {
		use(x)
	}
}

func goInLoop(xs []int) {
	for _, x := range xs {
		go func(x int) {
			defer use(x)
		}(x)
	}
}

func suppressed(locks []*lock) {
	for _, l := range locks {
		l.Lock()
		//seep:ignore L102 every lock is released together when the batch returns
		defer l.Unlock()
	}
}

func nolint(locks []*lock) {
	for _, l := range locks {
		defer l.Unlock() //nolint:seep // released together
	}
}
