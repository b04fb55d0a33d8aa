import SeedFLModels

// OpenBLAS picks its kernels when the library loads, from OPENBLAS_CORETYPE; on CPUs it
// does not recognise it falls back to slow generic ones. This re-executes the binary with
// the right core type when that happened, before any other work (see OpenBLASRuntime).
OpenBLASRuntime.ensureFastKernels()
OpenFileLimit.raiseToHardLimit()
SeedFL.main()
