import CZeroMQ

/// The sender of a received message as the ZAP handler authenticated it when the
/// connection was made: libzmq attaches the handler's answer to every message of that
/// connection, so it cannot be claimed by the message itself.
public struct AuthenticatedPeer: Sendable, Hashable {
    /// The ZAP reply's user id (`User-Id`): the identity the handler bound to the key.
    public var userID: String
    /// The peer's CURVE public key as Z85, when the handler reported it (``ZAPHandler``
    /// always does, as the ``ZAPHandler/publicKeyProperty`` metadata property).
    public var publicKey: String?

    /// Creates a peer description.
    public init(userID: String, publicKey: String?) {
        self.userID = userID
        self.publicKey = publicKey
    }

    /// Reads `User-Id` and the public-key property of a received frame (`zmq_msg_gets`);
    /// `nil` when the frame carries no user id (no ZAP handler was consulted).
    init?(message: inout zmq_msg_t) {
        guard let user = zmq_msg_gets(&message, "User-Id") else { return nil }
        userID = String(cString: user)
        publicKey = zmq_msg_gets(&message, ZAPHandler.publicKeyProperty).map { String(cString: $0) }
    }
}
