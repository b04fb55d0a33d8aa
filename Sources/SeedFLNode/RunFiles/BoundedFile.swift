import Foundation

/// Reads a whole input file only after checking it against ``RunReportLimits``.
public enum BoundedFile {
    /// The bytes of `path`, or nil when no such file exists (a missing optional input is
    /// an outcome the page reports, not an error).
    ///
    /// The size is checked twice: before reading (to refuse without allocating) and by
    /// reading at most one byte more than the limit (the file may grow in between while a
    /// run is still writing it).
    public static func read(_ path: String, limits: RunReportLimits) throws -> Data? {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue else { throw RunReportError(.unreadable, "\(path) is a directory, not a file") }
        if let size = (try? files.attributesOfItem(atPath: path))?[.size] as? Int, size > limits.maxFileBytes {
            throw tooLarge(path, limits)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RunReportError(.unreadable, "cannot open \(path) for reading")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limits.maxFileBytes + 1) ?? Data()
        } catch {
            throw RunReportError(.unreadable, "cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= limits.maxFileBytes else { throw tooLarge(path, limits) }
        return data
    }

    private static func tooLarge(_ path: String, _ limits: RunReportLimits) -> RunReportError {
        RunReportError(.fileTooLarge, "\(path) is larger than \(limits.maxFileBytes) bytes; "
                       + "the report reads its inputs whole and refuses files this size")
    }
}
