/// Domain-separation words mixed into every generator SeedFLData derives from a seed.
///
/// The same run seed feeds the train/test split, the partition and the batches; mixing a
/// distinct word first (`SplitMix64(domain, seed, ...)`) makes those streams unrelated, so
/// that changing the batch size, say, cannot change the partition. Each word is its name
/// in ASCII, zero-padded to 8 bytes, big-endian. These values are part of the on-disk
/// reproducibility contract: changing one changes every split, partition or batch drawn
/// from an existing seed.
enum StreamDomain {
    /// "SPLIT": the stratified train/test split.
    static let split: UInt64 = 0x5350_4C49_5400_0000
    /// "PART-IID": the IID partition.
    static let iidPartition: UInt64 = 0x5041_5254_2D49_4944
    /// "PART-DIR": the Dirichlet partition.
    static let dirichletPartition: UInt64 = 0x5041_5254_2D44_4952
    /// "PART-LBL": the one-label-per-client partition.
    static let labelPartition: UInt64 = 0x5041_5254_2D4C_424C
    /// "BATCH": mini-batch sampling.
    static let batch: UInt64 = 0x4241_5443_4800_0000
}
