import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SocketCore {
    /// Receives one whole multipart message through `zmq_msg_t`, frame by frame while
    /// `zmq_msg_more` (the per-message form of `ZMQ_RCVMORE`) says more follow.
    ///
    /// Only the first frame can wait: libzmq makes a message readable only once all its
    /// frames have arrived, so the later frames are read without `ZMQ_DONTWAIT` and an
    /// interruption there is retried. Frames are copied only while the message stays
    /// within ``limits``; past them the rest is drained and the message is rejected.
    func receiveFrames(dontWait: Bool) throws -> ReceiveOutcome<[[UInt8]]> {
        let handle = try open("receive")
        var message = zmq_msg_t()
        zmq_msg_init(&message)  // Cannot fail: it only zeroes the structure.
        defer { zmq_msg_close(&message) }

        var frames: [[UInt8]] = []
        var sender: AuthenticatedPeer?
        var frameCount = 0
        var byteCount = 0
        var withinLimits = true
        var more = true
        while more {
            let isFirst = frameCount == 0
            if zmq_msg_recv(&message, handle, isFirst && dontWait ? ZMQ_DONTWAIT : 0) < 0 {
                let code = zmq_errno()
                switch (code, isFirst) {
                case (EAGAIN, true): return .wouldBlock
                case (EINTR, true): return .interrupted
                case (EINTR, false): continue
                case (ZeroMQError.terminated, _): return .terminated
                default: throw ZeroMQError(errno: code, operation: "receive")
                }
            }
            // A ROUTER's identity frame is made locally and carries no metadata: read the
            // sender from the first frame that does.
            if readsSender && sender == nil { sender = AuthenticatedPeer(message: &message) }
            let size = zmq_msg_size(&message)
            frameCount += 1
            // Saturating: a frame is at most ZMQ_MAXMSGSIZE, but the sum must not trap.
            let (sum, overflow) = byteCount.addingReportingOverflow(size)
            byteCount = overflow ? Int.max : sum
            counters.bytesReceived &+= UInt64(size)
            if withinLimits && (frameCount > limits.maxFrames || byteCount > limits.maxBytes) {
                withinLimits = false
                frames = []
            }
            if withinLimits {
                frames.append(Array(UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: size)))
            }
            more = zmq_msg_more(&message) != 0
        }
        guard withinLimits else {
            lastSender = nil
            counters.messagesRejected += 1
            return .rejected(MessageLimitViolation(frames: frameCount, bytes: byteCount, limits: limits))
        }
        counters.messagesReceived += 1
        lastSender = sender
        return .message(frames)
    }
}
