import Foundation

/// One line of `liveness.jsonl`: the broker marked a trainer dead (silent for longer than
/// `heartbeat_ms x liveness`). Written by the broker when it notices the death; read by
/// `seedfl chaos` to measure how long after a kill the broker knew.
public struct LivenessRecord: Codable, Sendable, Hashable {
    /// The trainer id.
    public var trainer: Int
    /// When the broker marked it dead, milliseconds since 1970.
    public var unixMilliseconds: Int64
    /// How long it had been silent then, in milliseconds.
    public var silentMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case trainer, unixMilliseconds = "unix_ms", silentMilliseconds = "silent_ms"
    }

    public init(trainer: Int, unixMilliseconds: Int64, silentMilliseconds: Int) {
        self.trainer = trainer
        self.unixMilliseconds = unixMilliseconds
        self.silentMilliseconds = silentMilliseconds
    }
}
