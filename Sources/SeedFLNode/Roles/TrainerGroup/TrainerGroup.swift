import Foundation
import SeedFLCore
import ZeroMQ

/// Several trainers in one process (`seedfl trainer --ids 0-249`), for hosts that run many.
///
/// Each trainer keeps everything that makes it a trainer: its id, key, sockets, replay state,
/// checkpoint, status file and contribution worker, and runs its own ``Trainer/serve(context:)``
/// loop on a thread of its own, exactly as it would in a process of its own. What they share
/// is what is the same for all of them and read-only: the prepared model and data split (one
/// copy instead of one per trainer, which is most of a small trainer's memory) and one ZeroMQ
/// context (one I/O thread instead of one per trainer).
///
/// A trainer that fails (its key refused, a bad checkpoint directory) ends alone; the others
/// go on. The group ends when all of them have, and fails if any failed.
public final class TrainerGroup {
    public let ids: [UInt32]
    let trainers: [Trainer]
    let log = RoleLog(role: "trainers")
    /// Where the trainers post their statuses; written as one file every `status_ms`.
    let board: TrainerStatusBoard
    let statusPeriod: Duration

    /// Builds every trainer of `ids`; the run's model is prepared once, unless the trainers
    /// have their own data files (`deployment.trainer_data`), which each loads for itself.
    /// - Throws: what ``Trainer/init(id:topology:dataPath:shared:)`` throws, for the first
    ///   trainer that cannot be built (none runs then).
    public init(ids: [UInt32], topology: TopologyFile) throws {
        precondition(!ids.isEmpty, "a group has at least one trainer")
        self.ids = ids
        let shared = topology.deployment.trainerData != nil ? nil : try ModelFactory.prepare(topology.run)
        trainers = try ids.map { try Trainer(id: $0, topology: topology, shared: shared) }
        statusPeriod = .milliseconds(topology.deployment.statusMilliseconds)
        board = TrainerStatusBoard(role: Self.role(ids), runDirectory: topology.deployment.runDirectory, log: log)
        for trainer in trainers { trainer.statusBoard = board }
    }

    /// The group's role name, as `seedfl up` names its process and its status file
    /// (`trainers-0-249`; ids listed when they are not one range).
    static func role(_ ids: [UInt32]) -> String {
        let first = Int(ids.first!), last = Int(ids.last!)
        return last - first + 1 == ids.count ? "trainers-\(TrainerIDs.format(first..<last + 1))"
                                             : "trainers-" + ids.map(String.init).joined(separator: ",")
    }

    /// Serves every trainer until SIGTERM/SIGINT (``StopSignal``) or until each has ended.
    /// - Throws: ``RoleError`` naming how many trainers failed and the first failure.
    public func serve() throws {
        // Three sockets per trainer, and as many monitor pairs when CURVE is on.
        let context = try Context(maxSockets: Int32(clamping: trainers.count * 6 + 64))
        defer { context.terminate() }
        let failures = Failures()
        let finished = DispatchGroup()
        for trainer in trainers {
            finished.enter()
            // Handed to its thread and never touched by this one again: each trainer is
            // owned by exactly one thread, as in a process of its own.
            let owned = UnsafeSendable(trainer)
            let thread = Thread {
                let trainer = owned.value
                do { try trainer.serve(context: context) } catch {
                    failures.record("trainer \(trainer.id): \(error)")
                }
                finished.leave()
            }
            thread.name = "trainer-\(trainer.id)"
            thread.start()
        }
        log.info("\(trainers.count) trainers running (ids \(ids.first!)...\(ids.last!)) on one context")
        // This thread writes the group's status file until every trainer has ended, then
        // once more with their final statuses.
        while finished.wait(timeout: .now() + statusPeriod.inSeconds) == .timedOut {
            board.writeIfChanged()
        }
        board.writeIfChanged()
        let failed = failures.all
        if let first = failed.first {
            throw RoleError(.socket, "run trainers \(ids.first!)...\(ids.last!)",
                            "\(failed.count) of \(trainers.count) trainers failed; first: \(first)")
        }
    }

    /// The failures of the trainers' threads, collected under a lock.
    private final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func record(_ message: String) { lock.withLock { messages.append(message) } }
        var all: [String] { lock.withLock { messages } }
    }
}
