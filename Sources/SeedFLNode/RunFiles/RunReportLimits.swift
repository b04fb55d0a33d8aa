/// Bounds on what the report reads, so that a corrupt or hostile run directory produces
/// an error instead of exhausting memory: the files are written by our own roles, but a
/// report is often run on a directory copied from elsewhere.
public struct RunReportLimits: Sendable, Hashable {
    /// Largest input file read whole. 256 MiB holds ~2 M round lines of ~120 bytes, far
    /// beyond any run we plot (a plot has a few hundred pixels across anyway).
    public var maxFileBytes: Int
    /// Most lines in one JSON Lines file: one per committed round or evaluation.
    public var maxLines: Int

    /// Limits as given.
    public init(maxFileBytes: Int, maxLines: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxLines = maxLines
    }

    /// 256 MiB and 1,000,000 lines.
    public static let `default` = RunReportLimits(maxFileBytes: 256 << 20, maxLines: 1_000_000)
}
