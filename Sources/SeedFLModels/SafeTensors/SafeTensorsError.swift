/// Why a safetensors file could not be written or read: the file, the kind of failure and the
/// offending detail, in the swift-nio style.
public struct SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// The file could not be opened, read, written or renamed (`errno` in the reason).
        case io
        /// The file is shorter than its header says, or the header is not valid JSON of the
        /// expected shape.
        case malformedHeader
        /// A tensor has a dtype other than F32 (the only one SeedFL writes).
        case unsupportedDType
        /// A tensor's offsets disagree with its shape, overlap another tensor, leave a hole or
        /// run past the end of the file.
        case badOffsets
        /// A tensor handed to the writer has values that do not match its shape, or two share
        /// a name.
        case invalidTensor
    }

    /// The kind of failure.
    public var code: Code
    /// The file concerned.
    public var path: String
    /// What was wrong, naming the tensor or value.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, path: String, _ reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    public var description: String { "SafeTensorsError.\(code) (\(path)): \(reason)" }
}
