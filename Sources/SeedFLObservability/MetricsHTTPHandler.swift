import NIOCore
import NIOHTTP1

/// Answers one request per connection: `GET` or `HEAD /metrics` with the rendered text,
/// `/` with a pointer to it, 404 for other paths, 405 for other methods, 413 for a body
/// beyond the bound; then closes. Parse errors are answered 400 by NIO's
/// `HTTPServerProtocolErrorHandler` before they reach this handler.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Prometheus' text exposition format, version 0.0.4.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let render: @Sendable () -> [UInt8]
    private let maxBodyBytes: Int
    private var head: HTTPRequestHead?
    private var bodyBytes = 0
    private var answered = false

    init(render: @escaping @Sendable () -> [UInt8], maxBodyBytes: Int) {
        self.render = render
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            bodyBytes = 0
        case .body(let chunk):
            // Read and thrown away: nothing here needs a body, and nothing of it is kept.
            bodyBytes += chunk.readableBytes
            if bodyBytes > maxBodyBytes { respond(context, .payloadTooLarge, "request body too large\n") }
        case .end:
            guard let head else { return respond(context, .badRequest, "no request line\n") }
            answer(head, context)
        }
    }

    private func answer(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard head.method == .GET || head.method == .HEAD else {
            return respond(context, .methodNotAllowed, "only GET and HEAD\n", extra: [("Allow", "GET, HEAD")])
        }
        switch path {
        case "/metrics":
            respond(context, .ok, render(), contentType: Self.contentType, bodyless: head.method == .HEAD)
        case "/":
            respond(context, .ok, Array("SeedFL metrics: GET /metrics (Prometheus text format)\n".utf8),
                    bodyless: head.method == .HEAD)
        default:
            respond(context, .notFound, "not found: the metrics are at /metrics\n")
        }
    }

    private func respond(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ text: String,
                         extra: [(String, String)] = []) {
        respond(context, status, Array(text.utf8), extra: extra)
    }

    private func respond(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ body: [UInt8],
                         contentType: String = "text/plain; charset=utf-8", bodyless: Bool = false,
                         extra: [(String, String)] = []) {
        guard !answered else { return }
        answered = true
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.count)),
                                   ("Connection", "close")])
        for (name, value) in extra { headers.add(name: name, value: value) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                      promise: nil)
        if !bodyless {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A connection that went quiet mid-request (or never sent one) is closed.
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
