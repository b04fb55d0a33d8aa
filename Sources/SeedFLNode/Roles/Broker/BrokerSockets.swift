import ZeroMQ

/// The broker's three bound sockets and their context, created together on the broker's
/// thread and closed together (linger 0: durability lives in the ledger, not in queues).
final class BrokerSockets {
    let context: Context
    /// XPUB in manual mode: ROUND_OPEN, ROUND_COMMIT / DENSE_COMMIT, ROUND_ABORT, HEARTBEAT
    /// out; subscriptions in, of which only "everything" is kept (``Broker/receiveSubscription()``).
    let publisher: XPublisher
    /// ROUTER: HELLO, HEARTBEAT and HISTORY_REQUEST in, HISTORY_CHUNK out.
    let control: Router
    /// PULL: final AGGREGATEs from the root aggregator.
    let aggregates: Puller
    /// CURVE keys, the ZAP handler and per-message identity checks (inert without `security:`).
    let security: RoleSecurity
    /// Peers the three sockets refused at the handshake (under `security:` only).
    let handshakes: HandshakeWatch
    /// The publisher's endpoint as bound (a wildcard port resolved), for ``reopenBroadcast()``.
    private let publisherEndpoint: String
    /// True between a failed re-bind of the publisher and a successful one.
    private(set) var broadcastClosed = false

    /// Creates and binds the sockets with the SeedFL defaults (bounded frames, no linger).
    /// - Throws: ``RoleError`` (`.socket`) naming the endpoint that failed.
    init(deployment: BrokerDeployment, security: RoleSecurity, maxFrameBytes: Int) throws(RoleError) {
        let options = SocketDefaults.options(maxFrameBytes: maxFrameBytes)
        let context: Context
        do {
            context = try Context()
            // Before any bind: an authenticating socket refuses everyone while no handler runs.
            try security.start(context: context)
        } catch {
            throw RoleError(.socket, "start the ZeroMQ context and its ZAP handler", "\(error)")
        }
        var created: [any Socket] = []
        func make<S: Socket>(_ name: String, _ endpoint: Endpoint, _ build: () throws -> S) throws(RoleError) -> S {
            do {
                let socket = try build()
                created.append(socket)
                try socket.bind(endpoint.bind)
                return socket
            } catch {
                for socket in created { try? socket.close(linger: .zero) }
                security.stop()
                context.terminate()
                throw RoleError(.socket, "bind the \(name) socket on \(endpoint.bind)", "\(error)")
            }
        }
        self.context = context
        self.security = security
        var subscriptionOptions = security.serverOptions(options, domain: .broadcast)
        subscriptionOptions.maxMessageSize = Int64(SocketDefaults.subscriptionFrameBytes)
        publisher = try make("publish", deployment.publish) {
            try XPublisher(context: context, manual: true, options: subscriptionOptions)
        }
        publisherEndpoint = (try? publisher.lastEndpoint) ?? deployment.publish.bind
        // Mandatory routing: a reply to a trainer that vanished throws EHOSTUNREACH, which
        // the broker counts, instead of libzmq dropping it without a trace.
        control = try make("control", deployment.control) {
            try Router(context: context, mandatory: true, options: security.serverOptions(options, domain: .control))
        }
        aggregates = try make("aggregates", deployment.aggregates) {
            try Puller(context: context, options: security.serverOptions(options, domain: .aggregates))
        }
        do {
            handshakes = try HandshakeWatch(sockets: [publisher, control, aggregates], enabled: security.isEnabled)
        } catch {
            for socket in created { try? socket.close(linger: .zero) }
            security.stop()
            context.terminate()
            throw RoleError(.socket, "monitor the broker's sockets", "\(error)")
        }
    }

    /// Drops every connection to the broadcast by closing its endpoint and opening it again:
    /// libzmq ends the connections a listener accepted when it is unbound. Subscribers
    /// reconnect by themselves and go through ZAP again, so a key removed from the allow-list
    /// stops receiving the broadcast at once (the broadcast is the one thing a server sends
    /// without a request, so the per-message check on incoming messages cannot stop it).
    /// Everyone else misses the broadcast for a reconnect interval and catches up from history.
    /// - Throws: ``ZeroMQError`` when the endpoint cannot be bound again yet (``broadcastClosed``
    ///   stays true; call again).
    func reopenBroadcast() throws {
        if !broadcastClosed {
            try publisher.unbind(publisherEndpoint)
            broadcastClosed = true
        }
        try publisher.bind(publisherEndpoint)
        broadcastClosed = false
    }

    /// Each socket's counters, named as in the `socket` label of its metrics.
    var namedCounters: [(name: String, counters: SocketCounters)] {
        [("publish", publisher.counters), ("control", control.counters), ("aggregates", aggregates.counters)]
    }

    /// Bytes sent and received over all three sockets.
    var wireBytes: WireBytes { WireBytes(summing: namedCounters) }

    /// Closes every socket at once (dropping anything unsent) and terminates the context.
    func close() {
        handshakes.close()
        for socket in [publisher, control, aggregates] as [any Socket] { try? socket.close(linger: .zero) }
        security.stop()
        context.terminate()
    }
}
