import Foundation
import XCTest

@testable import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// A signal arriving during a blocking wait must come back as an outcome, so that a
/// process can notice SIGTERM and shut down instead of crashing or hanging.
final class InterruptionTests: XCTestCase {
    /// Runs `body` while another thread keeps sending SIGUSR1 to this thread (repeatedly,
    /// because a signal that lands before the wait starts interrupts nothing).
    private func whileSignalled<T>(_ body: () throws -> T) rethrows -> T {
        signal(SIGUSR1) { _ in }  // a handler that does nothing; SIG_DFL would kill us
        let target = pthread_self()
        let stop = Latch<Bool>()
        let stopped = Latch<Bool>()
        Thread {
            while stop.current == nil {
                pthread_kill(target, SIGUSR1)
                usleep(20_000)
            }
            stopped.set(true)
        }.start()
        defer {
            stop.set(true)
            _ = stopped.wait()
        }
        return try body()
    }

    func testSignalInterruptsPollAndReceive() throws {
        let context = try Context()
        // No receive timeout: only the signal can end these waits.
        let puller = try Puller(context: context, options: SocketOptions(linger: .zero))
        try puller.bind("inproc://interrupted")
        let poller = Poller()
        poller.register(puller)

        XCTAssertEqual(try whileSignalled { try poller.poll(timeout: .seconds(30)) }, .interrupted)
        XCTAssertEqual(try whileSignalled { try puller.receive() }, .interrupted)

        try puller.close(linger: .zero)
        context.terminate()
    }
}
