import Foundation

/// The status file of a ``TrainerGroup``: every member trainer's ``RoleStatus`` in one file,
/// `status/trainers-<ids>.json`, so a host of 250 trainers replaces one file per period
/// instead of 250 (each replacement is a temporary file and a rename, and a thousand of them
/// a second kept the disk, not the training, busy). Readers see each member as if it had
/// written `trainer-<id>.json` (``members``).
public struct TrainerGroupStatus: Codable, Sendable, Equatable {
    /// The group's role name (`trainers-0-249`).
    public var role: String
    public var pid: Int?
    /// One status per trainer that has written one, in id order.
    public var trainers: [RoleStatus]

    public init(role: String, pid: Int? = Int(ProcessInfo.processInfo.processIdentifier), trainers: [RoleStatus]) {
        self.role = role
        self.pid = pid
        self.trainers = trainers
    }

    /// True for the file stem of a group's status (`trainers-...`), false for `trainer-<id>`.
    public static func isGroupFile(stem: String) -> Bool { stem.hasPrefix("trainers-") }

    /// The members keyed as their own files would be (`trainer-<id>`).
    public var members: [String: RoleStatus] {
        Dictionary(trainers.map { ("trainer-\($0.id ?? -1)", $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Writes the file atomically (as ``RoleStatus/write(to:)``), compact: it is read, by
    /// `seedfl up` and tools, not by people.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try RoleStatus.replace(path, with: encoder.encode(self))
    }
}

/// Collects the statuses a ``TrainerGroup``'s trainers post from their threads and writes
/// them as one ``TrainerGroupStatus`` when asked (by the group's own thread, every `status_ms`).
final class TrainerStatusBoard: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var latest: [UInt32: RoleStatus] = [:]
    /// Guarded by `lock`: something was posted since the last write.
    private var changed = false
    private let role: String
    private let publisher: StatusPublisher

    init(role: String, runDirectory: String, log: RoleLog) {
        self.role = role
        publisher = StatusPublisher(path: RoleStatus.path(runDirectory: runDirectory, role: role), log: log)
    }

    /// Keeps `status` as trainer `id`'s latest (called from that trainer's thread).
    func post(_ status: RoleStatus, trainer id: UInt32) {
        lock.withLock {
            latest[id] = status
            changed = true
        }
    }

    /// Writes the file if anything was posted since the last write.
    func writeIfChanged() {
        let statuses: [RoleStatus]? = lock.withLock {
            guard changed else { return nil }
            changed = false
            return latest.keys.sorted().compactMap { latest[$0] }
        }
        guard let statuses else { return }
        publisher.publish(TrainerGroupStatus(role: role, trainers: statuses))
    }
}
