import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SocketCore {
    /// Sends `frames` as one multipart message (`ZMQ_SNDMORE` on all but the last).
    ///
    /// Only the first frame can wait, time out or be refused: libzmq checks the high-water
    /// mark and routing when a message starts and always accepts the rest of a started
    /// message. So `dontWait` applies to the first frame, an interruption of a later frame
    /// is retried (the frame was not queued), and any other failure of a later frame is
    /// thrown, since the message can no longer be delivered whole.
    func sendFrames(_ frames: [[UInt8]], dontWait: Bool) throws -> SendOutcome {
        let handle = try open("send")
        guard !frames.isEmpty else { throw ZeroMQError(errno: EINVAL, operation: "send") }
        var index = 0
        var bytes: UInt64 = 0
        while index < frames.count {
            let isFirst = index == 0
            var flags: Int32 = index == frames.count - 1 ? 0 : ZMQ_SNDMORE
            if isFirst && dontWait { flags |= ZMQ_DONTWAIT }
            let result = frames[index].withUnsafeBytes { raw in
                zmq_send(handle, raw.baseAddress, raw.count, flags)
            }
            if result < 0 {
                let code = zmq_errno()
                switch (code, isFirst) {
                case (EAGAIN, true): return .wouldBlock
                case (EINTR, true): return .interrupted
                case (EINTR, false): continue
                case (ZeroMQError.terminated, _): return .terminated
                default: throw ZeroMQError(errno: code, operation: "send")
                }
            }
            bytes += UInt64(frames[index].count)
            index += 1
        }
        counters.messagesSent += 1
        counters.bytesSent += bytes
        return .sent
    }
}
