package main

import "os"

func testingShort() bool { return os.Getenv("DUMPGEN_HANG") != "1" }
