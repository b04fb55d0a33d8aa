import CZeroMQ
import Foundation

/// A libzmq context: the I/O threads and the registry of sockets and inproc endpoints.
///
/// `Context` is `Sendable` because libzmq contexts are thread-safe: the libzmq API
/// documents `zmq_ctx_*` and `zmq_socket` as safe to call from any thread on a shared
/// context (sockets are not; see ``Socket``). The only Swift state, the lifecycle
/// ``State``, is guarded by `lock`, which is why the conformance is `@unchecked`.
///
/// Every socket keeps a strong reference to its context, so a context outlives its
/// sockets. End a context explicitly: close every socket (``Socket/close(linger:)``), then
/// call ``terminate()``. ``shutdown()`` first makes blocking calls in other threads return
/// ``ReceiveOutcome/terminated``, which is how a thread parked in a receive is woken.
public final class Context: @unchecked Sendable {
    /// Lifecycle of the underlying `void *` context.
    enum State {
        /// Usable: sockets may be created.
        case open
        /// `zmq_ctx_shutdown` ran: blocking calls return `ETERM`; new sockets fail.
        case shutDown
        /// `zmq_ctx_term` is running in some thread (it blocks until sockets close).
        case terminating
        /// `zmq_ctx_term` returned: the pointer is freed and must not be used.
        case terminated
    }

    /// The libzmq context. Valid until ``terminate()`` returns.
    let handle: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var state = State.open

    /// Creates a context.
    ///
    /// - Parameter ioThreads: background I/O threads (`ZMQ_IO_THREADS`). The default, 1,
    ///   is libzmq's and its guide's advice: one I/O thread handles about a gigabyte per
    ///   second, far beyond a SeedFL node's traffic of seeds and scalars.
    /// - Parameter maxSockets: the most sockets the context may hold at once
    ///   (`ZMQ_MAX_SOCKETS`); nil keeps libzmq's default (1,023), which one process running
    ///   hundreds of trainers (three sockets each) on a shared context would exceed.
    /// - Throws: ``ZeroMQError`` with operation `"zmq_ctx_new"`, `"zmq_ctx_set(ZMQ_IO_THREADS)"`
    ///   or `"zmq_ctx_set(ZMQ_MAX_SOCKETS)"`.
    public init(ioThreads: Int32 = 1, maxSockets: Int32? = nil) throws {
        guard let handle = zmq_ctx_new() else { throw ZeroMQError.last("zmq_ctx_new") }
        var settings = [(ZMQ_IO_THREADS, ioThreads, "zmq_ctx_set(ZMQ_IO_THREADS)")]
        if let maxSockets { settings.append((ZMQ_MAX_SOCKETS, maxSockets, "zmq_ctx_set(ZMQ_MAX_SOCKETS)")) }
        for (option, value, operation) in settings where zmq_ctx_set(handle, option, value) != 0 {
            let error = ZeroMQError.last(operation)
            zmq_ctx_term(handle)
            throw error
        }
        self.handle = handle
    }

    /// Makes every blocking call on this context's sockets, in any thread, return
    /// `ETERM` (surfaced as ``ReceiveOutcome/terminated``, ``SendOutcome/terminated`` or
    /// ``PollOutcome/terminated``) and refuses new sockets. Does not block and does not
    /// free anything: call ``terminate()`` after the sockets are closed.
    /// Calling it again, or after ``terminate()``, does nothing.
    public func shutdown() {
        lock.lock()
        defer { lock.unlock() }
        guard state == .open else { return }
        // zmq_ctx_shutdown only fails with EFAULT for an invalid context, which `handle`
        // cannot be while the state is `.open`.
        zmq_ctx_shutdown(handle)
        state = .shutDown
    }

    /// Terminates the context (`zmq_ctx_term`), blocking until every socket of this
    /// context is closed and their lingering messages are sent or dropped.
    ///
    /// Close sockets first, with a finite linger, or this waits for ever: that is
    /// libzmq's contract, not a choice made here. Retries on `EINTR`, so a signal does not
    /// leave the context half-terminated. Calling it again does nothing.
    public func terminate() {
        lock.lock()
        guard state == .open || state == .shutDown else {
            lock.unlock()
            return
        }
        state = .terminating
        lock.unlock()
        // The lock is not held while blocking, so `shutdown()` from another thread returns
        // at once (it sees `.terminating`; zmq_ctx_term already implies shutdown).
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
        lock.lock()
        state = .terminated
        lock.unlock()
    }

    /// Creates a libzmq socket of `type` (`ZMQ_PUSH`, ...), refusing once the context is
    /// shut down. The lock keeps `zmq_socket` from racing `zmq_ctx_term` freeing `handle`.
    func makeSocket(type: Int32) throws -> UnsafeMutableRawPointer {
        lock.lock()
        defer { lock.unlock() }
        guard state == .open else {
            throw ZeroMQError(errno: ZeroMQError.terminated, operation: "zmq_socket")
        }
        guard let socket = zmq_socket(handle, type) else { throw ZeroMQError.last("zmq_socket") }
        return socket
    }

    /// Whether ``terminate()`` has completed.
    public var isTerminated: Bool {
        lock.lock()
        defer { lock.unlock() }
        return state == .terminated
    }

    /// Never blocks: if the context was not terminated, `zmq_ctx_term` runs on a detached
    /// thread, because it waits for sockets that were closed with a non-zero linger.
    /// Sockets retain their context, so no open socket of ours can remain at this point.
    deinit {
        lock.lock()
        let needsTermination = state == .open || state == .shutDown
        lock.unlock()
        guard needsTermination else { return }
        let box = UnsafeContextHandle(pointer: handle)
        Thread.detachNewThread {
            while zmq_ctx_term(box.pointer) != 0 && zmq_errno() == EINTR {}
        }
    }
}

/// Carries a context pointer to the thread that terminates it from `Context.deinit`.
///
/// `@unchecked Sendable` is safe: libzmq contexts are thread-safe, and after `deinit`
/// starts no other Swift code can reach this pointer; the detached thread is its only user.
private struct UnsafeContextHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}
