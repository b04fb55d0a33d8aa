import Foundation

/// The allow-list a server process trusts right now, shared by its ZAP handler thread
/// (which admits handshakes) and its role thread (which checks every message's sender).
///
/// Revocation without a restart: ``reloadIfChanged(force:)`` re-reads the file when its
/// modification time or size changed, or when forced (SIGHUP). A file that no longer parses
/// keeps the previous list in force (and is reported): a typo must not open the door, nor
/// shut out everyone mid-run.
public final class TrustedKeys: @unchecked Sendable {
    /// The allow-list file.
    public let path: String
    private let lock = NSLock()
    private var list: AllowList
    private var stamp: FileStamp?

    /// Reads `path`.
    /// - Throws: ``SecurityError`` when it cannot be read or parsed.
    public init(path: String) throws(SecurityError) {
        self.path = path
        stamp = FileStamp(path: path)
        list = try AllowList.load(path: path)
    }

    /// The identity `key` (Z85) is bound to now, or `nil` when it is not (or no longer) allowed.
    public func identity(of key: String) -> PeerIdentity? {
        lock.lock()
        defer { lock.unlock() }
        return list.identity(of: key)
    }

    /// What a reload did.
    public enum Reload: Equatable {
        case unchanged
        /// The new list is in force; `revoked` keys were dropped from it.
        case reloaded(keys: Int, revoked: Int)
        /// The file could not be read or parsed; the previous list stays in force.
        case failed(SecurityError)
    }

    /// Re-reads the file if it changed since the last read (or always, with `force`).
    public func reloadIfChanged(force: Bool = false) -> Reload {
        let now = FileStamp(path: path)
        lock.lock()
        let unchanged = !force && now == stamp
        lock.unlock()
        if unchanged { return .unchanged }
        let fresh: AllowList
        do { fresh = try AllowList.load(path: path) } catch {
            lock.lock()
            stamp = now  // Report a broken file once, not on every check.
            lock.unlock()
            return .failed(error)
        }
        lock.lock()
        defer { lock.unlock() }
        let revoked = list.identities.filter { fresh.identities[$0.key] != $0.value }.count
        list = fresh
        stamp = now
        return .reloaded(keys: fresh.identities.count, revoked: revoked)
    }
}

/// A file's modification time and size: enough to notice an edit without reading it.
struct FileStamp: Equatable {
    let modified: Date?
    let size: Int?

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        modified = attributes[.modificationDate] as? Date
        size = attributes[.size] as? Int
    }
}
