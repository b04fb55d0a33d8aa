/// Turns a label as written in a file into a class index.
///
/// Rule (the same for JSONL and TSV): a string equal to one of `labelNames` is that
/// name's index; otherwise a decimal integer literal is taken as the index itself and
/// must be in `0..<labelNames.count`. Names win over literals, so a label set such as
/// `["1", "0"]` still reads by name.
struct LabelResolver: Sendable {
    let labelNames: [String]
    private let indexByName: [String: Int]

    init(labelNames: [String]) {
        self.labelNames = labelNames
        var indexByName: [String: Int] = [:]
        for (index, name) in labelNames.enumerated() where indexByName[name] == nil {
            indexByName[name] = index
        }
        self.indexByName = indexByName
    }

    /// Resolves a textual label; `failure` builds the error from what is wrong, so that it
    /// can name the caller's file, line and field.
    func resolve(
        _ text: String, failure: (DatasetReadError.Code) -> DatasetReadError
    ) throws(DatasetReadError) -> Int {
        if let index = indexByName[text] { return index }
        if let index = Int(text) { return try resolve(index, failure: failure) }
        throw failure(.unknownLabel(text, known: labelNames))
    }

    /// Checks an integer label against the number of classes.
    func resolve(
        _ index: Int, failure: (DatasetReadError.Code) -> DatasetReadError
    ) throws(DatasetReadError) -> Int {
        guard (0..<labelNames.count).contains(index) else {
            throw failure(.labelOutOfRange(index, classes: labelNames.count))
        }
        return index
    }
}
