module seep.dev/tools/dumpgen

go 1.19
