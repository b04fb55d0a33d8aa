import Crypto
import Foundation
import SeedFLStore

extension RunConfig {
    /// The identity a ledger of this run is stamped with: the run seed as run id, and the
    /// SHA-256 (lower-case hex) of ``canonicalDescription``.
    ///
    /// The broker refuses to write into a ledger stamped with another identity, so a
    /// configuration change (another learning rate, K, P, model...) can never silently
    /// continue a ledger whose rounds were computed under different rules.
    public var ledgerIdentity: RunIdentity {
        let digest = SHA256.hash(data: canonicalDescription)
        return RunIdentity(runID: seed, configFingerprint: digest.map { String(format: "%02x", $0) }.joined())
    }

    /// JSON of the configuration with sorted keys and `rounds` set to 0.
    ///
    /// `rounds` is left out on purpose: it says when to stop, not what a round computes,
    /// so extending a finished run with `--rounds` must be able to reopen its ledger.
    /// Encoding a plain value type made of strings and numbers cannot fail; should it ever,
    /// the fallback (the type's `description`) is still deterministic for one build.
    public var canonicalDescription: Data {
        var copy = self
        copy.rounds = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(copy)) ?? Data(String(describing: copy).utf8)
    }
}

extension RunConfig {
    /// Short form of ``ledgerIdentity``'s configuration fingerprint: checkpoints and
    /// snapshots carry it so a file from another run is refused, not replayed.
    public var fingerprint: String { ledgerIdentity.configFingerprint }
}
