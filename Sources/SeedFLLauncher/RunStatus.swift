import Foundation
import SeedFLNode

/// Every status file of a run directory, read at one moment.
///
/// Roles replace their file atomically (temp file + rename), so a file is either the old
/// or the new state, never half of one; a file that still fails to decode is listed in
/// ``unreadable`` instead of failing the whole read.
public struct RunStatus: Sendable {
    /// Every decoded status, keyed by role name (the file name without `.json`; a group's
    /// trainers by their own names, `trainer-<id>`).
    public var roles: [String: RoleStatus]
    /// File name -> why it could not be read.
    public var unreadable: [String: String]

    /// A snapshot with the given contents (empty by default).
    public init(roles: [String: RoleStatus] = [:], unreadable: [String: String] = [:]) {
        self.roles = roles
        self.unreadable = unreadable
    }

    /// Reads `directory/*.json`; a missing directory is an empty status (no role wrote yet).
    /// A trainer group's file (``TrainerGroupStatus``) contributes each member as `trainer-<id>`.
    public static func read(directory: String) -> RunStatus {
        var status = RunStatus()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let decoder = JSONDecoder()
        for file in names.sorted() where file.hasSuffix(".json") {
            let path = directory + "/" + file
            let stem = String(file.dropLast(5))
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                if TrainerGroupStatus.isGroupFile(stem: stem) {
                    status.roles.merge(try decoder.decode(TrainerGroupStatus.self, from: data).members) { _, group in group }
                } else {
                    status.roles[stem] = try decoder.decode(RoleStatus.self, from: data)
                }
            } catch {
                status.unreadable[file] = "\(error)"
            }
        }
        return status
    }

    /// The broker's status, if it wrote one.
    public var broker: RoleStatus? { roles["broker"] }

    /// Trainer statuses by trainer id (from the file's `id`, else from its `trainer-<id>` name).
    public var trainers: [Int: RoleStatus] {
        var out: [Int: RoleStatus] = [:]
        for (name, status) in roles where name.hasPrefix("trainer-") {
            if let id = status.id ?? Int(name.dropFirst("trainer-".count)) { out[id] = status }
        }
        return out
    }

    /// The evaluator's status, if it wrote one.
    public var evaluator: RoleStatus? { roles[LaunchPlan.evaluatorName] }

    /// True when the broker says its target is committed, every trainer in `trainers` has
    /// applied exactly the broker's latest sequence and, when `awaitEvaluator`, the evaluator
    /// has scored that sequence. Trainers outside the set (dead ones) are not waited for:
    /// nothing would bring them up to date.
    public func isComplete(trainers ids: some Collection<Int>, awaitEvaluator: Bool = false) -> Bool {
        guard let broker, broker.done == true, let latest = broker.latestSequence else { return false }
        let trainers = self.trainers
        guard ids.allSatisfy({ trainers[$0]?.appliedSequence == latest }) else { return false }
        return !awaitEvaluator || evaluator?.evaluatedSequence == latest
    }

    /// Drops of every role, summed per reason.
    public var drops: [String: Int] {
        var out: [String: Int] = [:]
        for status in roles.values {
            for (reason, count) in status.drops ?? [:] { out[reason, default: 0] += count }
        }
        return out
    }

    /// Socket byte counters per role.
    public var wireBytes: [String: WireBytes] { roles.compactMapValues(\.wireBytes) }
}
