/// Writes one role's `status/<role>.json`, every writer's single path to its status file.
///
/// A failed write is never fatal (the run matters more than its report), and it is logged
/// once per streak, not on every attempt: on a full disk every role retries several times a
/// second, and a warning per attempt would bury the one line that says what is wrong.
final class StatusPublisher {
    /// The file written.
    let path: String
    private let log: RoleLog
    private var failing = false

    init(path: String, log: RoleLog) {
        self.path = path
        self.log = log
    }

    /// Writes `status`; returns whether it reached the file.
    @discardableResult
    func publish(_ status: RoleStatus) -> Bool { publish { try status.write(to: $0) } }

    /// Writes a trainer group's statuses; returns whether they reached the file.
    @discardableResult
    func publish(_ status: TrainerGroupStatus) -> Bool { publish { try status.write(to: $0) } }

    private func publish(_ write: (String) throws -> Void) -> Bool {
        do {
            try write(path)
        } catch {
            if !failing {
                failing = true
                log.warn("cannot write \(path): \(error.localizedDescription) (retrying; logged again once it works)")
            }
            return false
        }
        if failing {
            failing = false
            log.info("status file \(path) is written again")
        }
        return true
    }
}
