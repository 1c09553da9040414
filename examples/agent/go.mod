module seep.dev/examples/agent

go 1.19
