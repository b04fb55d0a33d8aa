import CZeroMQ

/// A DEALER socket: an asynchronous request/reply client. It round-robins sends across
/// its peers and fair-queues replies; a ROUTER peer sees its ``routingID`` as the
/// identity frame of each message.
public final class Dealer: SendingSocket, ReceivingSocket {
    /// The underlying libzmq socket.
    public let core: SocketCore

    /// Creates a `ZMQ_DEALER` socket in `context`.
    ///
    /// - Parameters:
    ///   - routingID: `ZMQ_ROUTING_ID`, the identity a ROUTER peer will see (1 to 255
    ///     bytes; libzmq reserves a leading zero byte for generated ids). `nil` lets the
    ///     ROUTER generate one per connection, which changes on every reconnect.
    ///   - options: applied before any bind or connect.
    /// - Throws: ``ZeroMQError`` from `zmq_socket` or an option (`EINVAL` for a bad id).
    public init(context: Context, routingID: [UInt8]? = nil, options: SocketOptions = SocketOptions()) throws {
        core = try SocketCore(context: context, type: ZMQ_DEALER, options: options)
        if let routingID {
            do {
                try core.setOption(ZMQ_ROUTING_ID, "ZMQ_ROUTING_ID", bytes: routingID)
            } catch {
                core.close(lingerMilliseconds: 0)
                throw error
            }
        }
    }

    /// The routing id set at creation, or empty when none was (`ZMQ_ROUTING_ID`).
    /// - Throws: ``ZeroMQError`` with operation `"getsockopt(ZMQ_ROUTING_ID)"`.
    public var routingID: [UInt8] {
        get throws { try core.bytesOption(ZMQ_ROUTING_ID, "ZMQ_ROUTING_ID") }
    }
}
