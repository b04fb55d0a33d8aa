import Foundation
import SeedFLWire

/// One model snapshot being fetched from the broker, piece by piece (SNAPSHOT_REQUEST /
/// SNAPSHOT_CHUNK), and checked before anything of it is used.
///
/// The first answer names the snapshot (sequence, size, fingerprint); every later piece must
/// name the same one and continue exactly where the bytes end. The announced size must be
/// the size of a snapshot of this model, so a peer cannot make the trainer allocate more
/// than its own model. Decoding and the fingerprint check happen in ``Trainer`` once
/// ``isComplete``.
struct SnapshotDownload {
    /// What went wrong with a piece; the download is abandoned and history replay used.
    enum Refusal: Error, CustomStringConvertible {
        /// The broker has no snapshot to offer (or no longer the one being fetched).
        case unavailable
        /// The snapshot is no newer than what the trainer already applied.
        case notNewer(sequence: UInt64)
        /// The announced size is not the size of a snapshot of this model.
        case wrongSize(announced: UInt64, expected: Int)
        /// A piece that does not continue the download (another snapshot, a gap, an overlap).
        case outOfStep(String)

        var description: String {
            switch self {
            case .unavailable: "the broker has no snapshot to offer"
            case .notNewer(let s): "snapshot at sequence \(s) is not newer than the applied state"
            case .wrongSize(let a, let e): "snapshot of \(a) bytes announced, a snapshot of this model has \(e)"
            case .outOfStep(let why): "piece out of step: \(why)"
            }
        }
    }

    /// The size a snapshot of this trainer's model has.
    let expectedSize: Int
    /// When the last request was sent (a lost answer abandons the download).
    var requestedAt: ContinuousClock.Instant
    /// The snapshot's sequence, size and fingerprint, once the first piece named them.
    private(set) var sequence: UInt64 = 0
    private(set) var fingerprint = ""
    private(set) var bytes: [UInt8] = []

    /// When the download began (its first request): the start of `seedfl_trainer_snapshot_load_seconds_total`.
    let started: ContinuousClock.Instant

    init(expectedSize: Int, requestedAt: ContinuousClock.Instant = .now) {
        started = requestedAt
        self.expectedSize = expectedSize
        self.requestedAt = requestedAt
    }

    /// The request for the next piece: the latest snapshot before the first piece, then the
    /// bytes after those received, of that snapshot.
    func nextRequest(runID: UInt64, maxBytes: Int) -> SnapshotRequest {
        SnapshotRequest(runID: runID, sequence: sequence, offset: UInt64(bytes.count),
                        maxBytes: UInt32(clamping: maxBytes))
    }

    /// True once every byte of the announced snapshot is here.
    var isComplete: Bool { sequence >= 1 && bytes.count == expectedSize }

    /// Adds a piece (already decoded and validated by the wire codec).
    /// - Parameter applied: the trainer's applied sequence; an older snapshot is useless.
    mutating func receive(_ piece: SnapshotChunk, applied: UInt64) throws(Refusal) {
        guard piece.sequence >= 1 else { throw .unavailable }
        if sequence == 0 {
            guard piece.offset == 0 else { throw .outOfStep("the first piece starts at \(piece.offset)") }
            guard piece.sequence > applied else { throw .notNewer(sequence: piece.sequence) }
            guard piece.totalSize == UInt64(expectedSize) else {
                throw .wrongSize(announced: piece.totalSize, expected: expectedSize)
            }
            sequence = piece.sequence
            fingerprint = piece.fingerprint
            bytes.reserveCapacity(expectedSize)
        } else {
            guard piece.sequence == sequence, piece.fingerprint == fingerprint,
                  piece.totalSize == UInt64(expectedSize) else {
                throw .outOfStep("piece of snapshot \(piece.sequence) while fetching \(sequence)")
            }
            guard piece.offset == UInt64(bytes.count) else {
                throw .outOfStep("piece at \(piece.offset), expected \(bytes.count)")
            }
        }
        bytes.append(contentsOf: piece.bytes)
    }
}
