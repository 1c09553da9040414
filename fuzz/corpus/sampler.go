package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"time"
)

// Sample is one reading of the machine's state.
type Sample struct {
	Time       time.Time
	MemFreeKB  int64
	Load1      float64
	Goroutines int
}

var procFiles = []string{"/proc/meminfo", "/proc/loadavg"}

// sample reads /proc every interval, forever, and sends what it read on out.
func sample(out chan<- Sample, interval time.Duration, leakDefer bool) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for range ticker.C {
		var s Sample
		if leakDefer {
			// Leak 1: the deferred Close runs only when sample returns, which is never,
			// so every file (and its buffer) opened here stays open.
			for _, path := range procFiles {
				f, err := os.Open(path)
				if err != nil {
					continue
				}
				defer f.Close()
				openFiles.Add(1)
				parseInto(&s, path, f)
			}
		} else {
			for _, path := range procFiles {
				readInto(&s, path)
			}
		}
		s.Time = time.Now()
		samplesTaken.Add(1)
		out <- s
	}
}

// readInto reads one file and closes it before returning: the fix for leak 1.
func readInto(s *Sample, path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	parseInto(s, path, f)
}

func parseInto(s *Sample, path string, f *os.File) {
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		switch {
		case path == "/proc/loadavg" && len(fields) > 0:
			s.Load1, _ = strconv.ParseFloat(fields[0], 64)
		case len(fields) >= 2 && fields[0] == "MemFree:":
			s.MemFreeKB, _ = strconv.ParseInt(fields[1], 10, 64)
		}
	}
}
