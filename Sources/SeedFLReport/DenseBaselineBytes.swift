import SeedFLWire
import SeedFLNode

/// What FedZO would put on the wire for the same model and rounds, from the real frame
/// layouts of its two messages (so the comparison moves with the codec, never with a
/// constant copied into the report).
///
/// Per round, each *sampled* trainer uploads one DENSE_CONTRIBUTION (`52 + 4d` bytes: the
/// header and fixed fields, then d float32) and every trainer downloads one DENSE_COMMIT
/// (`53 + 4m + 4d` bytes with m contributor ids). The ROUND_OPEN that also precedes a
/// dense round is left out: it is the same for both protocols, and leaving it out can
/// only understate the gap in FedZO's favour.
enum DenseBaselineBytes {
    /// One trainer's upload in a round it takes part in.
    static func upload(parameters d: Int) -> Int {
        DenseContribution.encodedSize(length: d)
    }

    /// One trainer's download of a round committed with `contributors` deltas.
    static func download(parameters d: Int, contributors m: Int) -> Int {
        DenseCommit.encodedSize(contributorCount: m, length: d)
    }

    /// Bytes one trainer moves per committed round, averaged over rounds: the upload
    /// scaled by the fraction of rounds it is sampled for, plus the download every
    /// trainer receives.
    static func perTrainerPerRound(parameters d: Int, participation: Double, contributors m: Int) -> Double {
        Double(upload(parameters: d)) * participation + Double(download(parameters: d, contributors: m))
    }
}
