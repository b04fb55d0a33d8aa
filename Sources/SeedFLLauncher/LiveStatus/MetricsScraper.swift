import Foundation

/// Fetches one metrics page over plain HTTP/1.1 (`http://HOST:PORT/PATH`), with a bound on
/// the answer and on the time it may take: the page comes from another process, possibly
/// another host, and the status view must neither hang nor grow on what it sends.
public enum MetricsScraper {
    /// The largest page read (far above a run of 1,000 trainers' 1 MB or so).
    public static let maximumBytes = 32 << 20

    /// Why a page could not be fetched.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The body of `GET url`, or a ``Failure`` saying why not (bad URL, refused, timed
    /// out after `timeout` seconds, not a 200, too large).
    public static func fetch(_ url: String, timeout: Double = 2) -> Result<String, Failure> {
        guard let target = Target(url) else { return .failure(Failure(description: "\(url): not an http://HOST:PORT/PATH URL")) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &found) == 0, let info = found else {
            return .failure(Failure(description: "\(url): cannot resolve \(target.host)"))
        }
        defer { freeaddrinfo(found) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return .failure(Failure(description: "\(url): no socket (errno \(errno))")) }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            return .failure(Failure(description: "\(url): connection failed (\(String(cString: strerror(errno))))"))
        }
        let request = Array("GET \(target.path) HTTP/1.1\r\nHost: \(target.host)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            return .failure(Failure(description: "\(url): request not sent"))
        }
        let started = Date()
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { return .failure(Failure(description: "\(url): no answer within \(timeout) s")) }
            answer += buffer[0..<n]
            guard answer.count <= maximumBytes else {
                return .failure(Failure(description: "\(url): answer larger than \(maximumBytes) bytes"))
            }
            if Date().timeIntervalSince(started) > timeout {
                return .failure(Failure(description: "\(url): answer not complete within \(timeout) s"))
            }
        }
        guard let split = answer.firstRange(of: Array("\r\n\r\n".utf8)) else {
            return .failure(Failure(description: "\(url): not an HTTP answer"))
        }
        let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 200") || head.hasPrefix("HTTP/1.0 200") else {
            return .failure(Failure(description: "\(url): \(head.prefix { $0 != "\r" })"))
        }
        return .success(String(decoding: answer[split.upperBound...], as: UTF8.self))
    }

    /// The parts of an `http://` URL.
    struct Target {
        var host: String
        var port: Int
        var path: String

        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst(7)
            let authority = rest.prefix { $0 != "/" }
            path = rest.count > authority.count ? String(rest.dropFirst(authority.count)) : "/metrics"
            let hostPart: Substring, portPart: Substring?
            if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                portPart = after.hasPrefix(":") ? after.dropFirst() : nil
            } else if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority
                portPart = nil
            }
            guard !hostPart.isEmpty, let port = Int(portPart ?? "80"), (1...65_535).contains(port) else { return nil }
            host = String(hostPart)
            self.port = port
        }
    }
}
