extension GGUFFile {
    /// The integer at `key`.
    /// - Throws: `GGUFError.missingKey` or `.invalidValue` naming the key.
    public func requiredInt(_ key: String) throws(GGUFError) -> Int {
        guard let value = metadata[key] else { throw .missingKey(key) }
        guard let int = value.int else { throw .invalidValue(key: key, expected: "an integer") }
        return int
    }

    /// The number at `key` as `Double` (integers are accepted).
    /// - Throws: `GGUFError.missingKey` or `.invalidValue` naming the key.
    public func requiredFloat(_ key: String) throws(GGUFError) -> Double {
        guard let value = metadata[key] else { throw .missingKey(key) }
        guard let float = value.float else { throw .invalidValue(key: key, expected: "a number") }
        return float
    }

    /// The string at `key`.
    /// - Throws: `GGUFError.missingKey` or `.invalidValue` naming the key.
    public func requiredString(_ key: String) throws(GGUFError) -> String {
        guard let value = metadata[key] else { throw .missingKey(key) }
        guard let string = value.string else { throw .invalidValue(key: key, expected: "a string") }
        return string
    }

    /// The array of strings at `key`.
    /// - Throws: `GGUFError.missingKey` or `.invalidValue` naming the key.
    public func requiredStringArray(_ key: String) throws(GGUFError) -> [String] {
        guard let value = metadata[key] else { throw .missingKey(key) }
        guard let strings = value.stringArray else { throw .invalidValue(key: key, expected: "an array of strings") }
        return strings
    }
}
