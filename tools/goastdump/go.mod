module seep.dev/tools/goastdump

go 1.19
