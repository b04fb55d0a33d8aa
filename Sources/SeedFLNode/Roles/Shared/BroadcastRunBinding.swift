import SeedFLWire
import ZeroMQ

/// The per-connection run binding of a broadcast subscriber (trainer, evaluator, aggregator).
///
/// Brief frames carry no run id (docs/protocol.md, "Brief forms"): the receiver fills it in.
/// So a subscriber takes them only while the broker's HEARTBEATs on that same subscription,
/// which do carry the run id, name its own run. Until the first such heartbeat, and after one
/// naming another run (a broker of another run bound to the endpoint), brief frames are
/// counted as `unbound-brief` and dropped; whatever they announced is caught up from history
/// once the binding holds. Full frames are checked by their own run id, as always.
final class BroadcastRunBinding {
    let runID: UInt64
    private(set) var isBound = false

    init(runID: UInt64) { self.runID = runID }

    /// Whether `message`, decoded from `frames`, may be handled; a broker heartbeat binds or
    /// unbinds the subscription.
    func admits(_ frames: [[UInt8]], _ message: Message) -> Bool {
        if case .heartbeat(let beat) = message, beat.role == .broker {
            isBound = beat.runID == runID
            return true
        }
        guard let frame = frames.first, frame.count > 3, MessageType(rawValue: frame[3])?.isBrief == true else { return true }
        return isBound
    }
}

extension RoleRuntime {
    /// ``decoding(_:limits:drops:_:)`` for a broadcast subscription: brief frames are taken
    /// only under a ``BroadcastRunBinding`` to `limits.binding`'s run.
    static func decodingBroadcast(_ socket: some ReceivingSocket, limits: DecodeLimits, drops: DropCounter,
                                  _ handle: @escaping ([[UInt8]], Message) -> Void) -> () throws -> Received {
        let binding = BroadcastRunBinding(runID: limits.binding?.runID ?? 0)
        return decoding(socket, limits: limits, drops: drops) { frames, message in
            guard binding.admits(frames, message) else {
                return drops.drop(.unboundBrief, detail: "\(message.type) before the broker's heartbeat named this run")
            }
            handle(frames, message)
        }
    }
}
