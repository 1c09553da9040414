import SeepCLI

Seep.main()
