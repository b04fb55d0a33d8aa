import ZeroMQ

/// Counts the handshakes a role's sockets saw fail. On a server: the peers it turned away
/// (ZAP refusals, plaintext peers on a CURVE socket, a wrong server key, an oversized
/// handshake), which never reach the application and look merely absent, so this count is
/// the only sign of them (`handshakes_refused` in the role's status). On a client (a
/// trainer): ``authenticationFailures`` says a server refused this process's key.
final class HandshakeWatch {
    private var monitors: [SocketMonitor] = []
    /// Handshake failures seen so far.
    private(set) var failures = 0
    /// Those of them that were authentication refusals (see ``ZeroMQ/SocketEvent/isAuthenticationFailure``).
    private(set) var authenticationFailures = 0

    /// Monitors `sockets` for handshake failures (nothing when `enabled` is false: a plaintext
    /// topology has no handshake worth counting).
    init(sockets: [any Socket], enabled: Bool) throws {
        guard enabled else { return }
        for socket in sockets { monitors.append(try SocketMonitor(watching: socket)) }
    }

    /// Reads the monitors' events under `runtime`.
    func register(with runtime: RoleRuntime) {
        for monitor in monitors {
            runtime.receive(from: monitor) { [unowned self, unowned monitor] in
                switch try monitor.receive(dontWait: true) {
                case .message(let frames):
                    if let event = SocketMonitor.event(from: frames), event.isHandshakeFailure {
                        failures += 1
                        if event.isAuthenticationFailure { authenticationFailures += 1 }
                    }
                    return .handled
                case .rejected: return .handled
                case .wouldBlock, .interrupted: return .empty
                case .terminated: return .terminated
                }
            }
        }
    }

    /// Closes the monitors; call before the context ends.
    func close() {
        for monitor in monitors { try? monitor.close(linger: .zero) }
        monitors = []
    }
}
