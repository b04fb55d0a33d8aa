import ArgumentParser

SeedFL.main()
