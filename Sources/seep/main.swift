import SeepCLI

Seep.runMain()
