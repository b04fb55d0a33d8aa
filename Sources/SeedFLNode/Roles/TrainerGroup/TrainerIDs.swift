/// The trainer ids one process runs, written as comma-separated ids and inclusive ranges
/// (`0-249`, `3,5,10-19`): the `--ids` of `seedfl trainer`.
public enum TrainerIDs {
    /// The ids `text` names, ascending and without repeats.
    /// - Throws: ``ConfigError`` (field `--ids`) for a malformed item, an empty or reversed
    ///   range, or an id outside `0..<clients`.
    public static func parse(_ text: String, clients: Int) throws -> [UInt32] {
        func fail(_ message: String) -> ConfigError { ConfigError(file: nil, field: "--ids", message: message) }
        var ids = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]) else {
                throw fail("'\(item)' is not an id or a range such as 0-249")
            }
            guard low <= high else { throw fail("range '\(item)' is empty") }
            guard low >= 0, high < clients else { throw fail("'\(item)' is not in 0..<\(clients)") }
            ids.formUnion(low...high)
        }
        return ids.sorted().map { UInt32($0) }
    }

    /// `range` as `--ids` takes it (`"0-249"`, or `"7"` for one id).
    public static func format(_ range: Range<Int>) -> String {
        range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound - 1)"
    }
}
