import Foundation
import SeedFLNode
import SeedFLWire
import XCTest
import ZeroMQ

/// A bounded wait of the rig expired.
struct RigTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { what }
}

/// A stop request shared between the test thread and the broker thread.
final class BrokerStopFlag: @unchecked Sendable {
    // @unchecked: the one Bool is only read and written under `lock`.
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// What the broker thread reports back: whether the broker started, and how it ended.
final class BrokerOutcome: @unchecked Sendable {
    // @unchecked: fields are written by the broker thread before it signals the matching
    // semaphore and read by the test thread only after waiting on it.
    var startError: (any Error)?
    var runError: (any Error)?
    let started = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
}

/// A real ``Broker`` on its own thread, on ipc endpoints in a temporary run directory.
final class BrokerRig {
    let directory: String
    let configuration: BrokerConfiguration
    private let stop = BrokerStopFlag()
    private let outcome = BrokerOutcome()
    private var running = false

    /// A decomfl run with 2 trainers, 1 sampled per round (`min_trainers: 1`), K=2, P=3,
    /// heartbeats every 50 ms and a liveness window of 5 s (generous for a loaded machine);
    /// a model snapshot every `snapshotEvery` commits (0: none).
    init(directory: String, roundTimeoutMilliseconds: Int, seed: UInt64 = 77, rounds: Int = 3,
         snapshotEvery: Int = 0) throws {
        self.directory = directory
        let yaml = """
            name: broker-test
            run:
              algorithm: decomfl
              clients: 2
              sample: 1
              rounds: \(rounds)
              seed: \(seed)
              model: {kind: synthetic, dimension: 8, examples: 16}
              zo: {local_steps: 2, perturbations: 3}
            deployment:
              run_dir: \(directory)
              broker:
                publish: ipc://@RUN/pub
                control: ipc://@RUN/ctl
                aggregates: ipc://@RUN/agg
                round_timeout_ms: \(roundTimeoutMilliseconds)
                heartbeat_ms: 50
                liveness: 100
                min_trainers: 1
                snapshot_every: \(snapshotEvery)
            """
        let file = try TopologyFile.parse(yaml, path: "broker-test.yaml")
        configuration = BrokerConfiguration(run: file.run, deployment: file.deployment)
    }


    /// Starts the broker thread and waits until the broker is bound (or failed to start).
    func start() throws {
        let configuration = self.configuration
        let stop = self.stop
        let outcome = self.outcome
        let thread = Thread {
            let broker: Broker
            do {
                broker = try Broker(configuration: configuration)
            } catch {
                outcome.startError = error
                outcome.started.signal()
                outcome.finished.signal()
                return
            }
            outcome.started.signal()
            do {
                try broker.run(until: { stop.isSet })
            } catch {
                outcome.runError = error
            }
            outcome.finished.signal()
        }
        thread.start()
        guard outcome.started.wait(timeout: .now() + 30) == .success else {
            throw RigTimeout(what: "broker thread did not start within 30 s")
        }
        if let error = outcome.startError { throw error }
        running = true
    }

    /// Stops the broker and waits for it to close its sockets and ledger.
    func stopAndWait(file: StaticString = #filePath, line: UInt = #line) {
        guard running else { return }
        running = false
        stop.set()
        XCTAssertEqual(outcome.finished.wait(timeout: .now() + 30), .success, "broker did not stop", file: file, line: line)
        XCTAssertNil(outcome.runError, "broker run failed: \(String(describing: outcome.runError))", file: file, line: line)
    }

    var status: RoleStatus? { try? RoleStatus.read(from: configuration.statusPath) }

    /// Polls `status/broker.json` (rewritten at heartbeat ticks when drops change) until
    /// `condition` holds, or nil after `timeout`.
    func awaitStatus(timeout: Duration = .seconds(20), _ condition: (RoleStatus) -> Bool) -> RoleStatus? {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if let status, condition(status) { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}

extension XCTestCase {
    /// A fresh run directory under the system temporary directory, removed after the test.
    /// Short, because ipc socket paths are limited to about 107 bytes.
    func brokerRunDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "seedfl-broker-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}

/// Raw ZeroMQ sockets playing one trainer (SUB + DEALER) and the root aggregator
/// (DEALER for heartbeats + PUSH for AGGREGATEs).
final class FakePeers {
    let context: Context
    let subscriber: Subscriber
    let trainer: Dealer
    let aggregator: Dealer
    let pusher: Pusher
    let runID: UInt64
    let trainerID: UInt32
    let limits: DecodeLimits
    private var lastBeat = ContinuousClock.now - .seconds(10)

    init(configuration: BrokerConfiguration, trainerID: UInt32 = 0) throws {
        context = try Context()
        var options = SocketOptions()
        options.linger = .zero
        let b = configuration.deployment.broker
        subscriber = try Subscriber(context: context, options: options)
        try subscriber.connect(b.publish.connect)
        try subscriber.subscribe([UInt8]())
        trainer = try Dealer(context: context, options: options)
        try trainer.connect(b.control.connect)
        aggregator = try Dealer(context: context, options: options)
        try aggregator.connect(b.control.connect)
        pusher = try Pusher(context: context, options: options)
        try pusher.connect(b.aggregates.connect)
        runID = configuration.run.seed
        self.trainerID = trainerID
        limits = configuration.limits
    }

    /// HELLO from the trainer, HEARTBEATs from trainer and root aggregator.
    /// The process nonce the rig's trainer announces (and its aggregates carry).
    static let helloNonce: UInt64 = 42

    func announce(hello: Bool = false) throws {
        if hello {
            _ = try trainer.send(frame: Message.hello(Hello(trainerID: trainerID, runID: runID, lastAppliedSequence: 0,
                                                            nonce: Self.helloNonce)).encode())
        }
        _ = try trainer.send(frame: beat(.trainer, trainerID).encode())
        _ = try aggregator.send(frame: beat(.aggregator, 0).encode())
        lastBeat = ContinuousClock.now
    }

    private func beat(_ role: SenderRole, _ id: UInt32) -> Message {
        .heartbeat(Heartbeat(role: role, senderID: id, runID: runID, latestSequence: 0, round: 0, unixTimeMilliseconds: 0))
    }

    /// The next broadcast message satisfying `accept`, heartbeating every 100 ms while
    /// waiting (when `keepAlive`), or nil after `timeout`.
    func next(timeout: Duration = .seconds(20), keepAlive: Bool = true,
              _ accept: (Message) -> Bool) throws -> Message? {
        let end = ContinuousClock.now + timeout
        let poller = Poller()
        poller.register(subscriber)
        while ContinuousClock.now < end {
            if keepAlive && ContinuousClock.now - lastBeat > .milliseconds(100) { try announce() }
            guard case .ready = try poller.poll(timeout: .milliseconds(50)) else { continue }
            guard case .message(let frames) = try subscriber.receive(dontWait: true), frames.count == 1,
                  let message = try? Message.decode(frames[0], limits: limits) else { continue }
            if accept(message) { return message }
        }
        return nil
    }

    /// Waits until the broker's PUB heartbeats arrive, i.e. the subscription is in place.
    func awaitBroadcast() throws -> Bool {
        try next(keepAlive: false) { if case .heartbeat = $0 { true } else { false } } != nil
    }

    func push(_ aggregate: Aggregate) throws {
        _ = try pusher.send(frame: Message.aggregate(aggregate).encode())
    }

    /// Sends HISTORY_REQUEST(after) and collects HISTORY_CHUNKs up to the one with isLast.
    func history(after: UInt64, timeout: Duration = .seconds(20)) throws -> [HistoryChunk]? {
        _ = try trainer.send(frame: Message.historyRequest(HistoryRequest(runID: runID, afterSequence: after,
                                                                          maxRecords: 100)).encode())
        var chunks: [HistoryChunk] = []
        let end = ContinuousClock.now + timeout
        let poller = Poller()
        poller.register(trainer)
        while ContinuousClock.now < end {
            guard case .ready = try poller.poll(timeout: .milliseconds(50)) else { continue }
            guard case .message(let frames) = try trainer.receive(dontWait: true), frames.count == 1,
                  case .historyChunk(let chunk) = try Message.decode(frames[0], limits: limits) else { continue }
            chunks.append(chunk)
            if chunk.isLast { return chunks }
        }
        return nil
    }

    /// Sends SNAPSHOT_REQUEST and returns the SNAPSHOT_CHUNK that answers it (decoded with
    /// room for pieces of up to 1 MiB, as a trainer does), or nil after `timeout`.
    func snapshot(sequence: UInt64, offset: UInt64, maxBytes: UInt32,
                  timeout: Duration = .seconds(20)) throws -> SnapshotChunk? {
        _ = try trainer.send(frame: Message.snapshotRequest(SnapshotRequest(runID: runID, sequence: sequence,
                                                                            offset: offset, maxBytes: maxBytes)).encode())
        var pieceLimits = limits
        pieceLimits.maxSnapshotChunkBytes = DecodeLimits.defaultSnapshotChunkBytes
        pieceLimits.maxFrameBytes = pieceLimits.maximumFrameSize
        let end = ContinuousClock.now + timeout
        let poller = Poller()
        poller.register(trainer)
        while ContinuousClock.now < end {
            guard case .ready = try poller.poll(timeout: .milliseconds(50)) else { continue }
            guard case .message(let frames) = try trainer.receive(dontWait: true), frames.count == 1,
                  case .snapshotChunk(let chunk) = try Message.decode(frames[0], limits: pieceLimits) else { continue }
            return chunk
        }
        return nil
    }

    /// A valid final aggregate for `open` from its first participant, with `values` K*P scalars.
    func aggregate(for open: RoundOpen, values: [Double]) -> Aggregate {
        Aggregate(runID: runID, round: open.round, k: open.k, p: open.p, contributors: [open.participants[0]],
                  nonces: [Self.helloNonce], kind: .final, mode: .seedScalars, values: values, baseLoss: 0.5,
                  exampleCount: 4)
    }

    func close() {
        for socket in [subscriber, trainer, aggregator, pusher] as [any Socket] { try? socket.close(linger: .zero) }
        context.terminate()
    }
}

extension Message {
    var asRoundOpen: RoundOpen? { if case .roundOpen(let m) = self { m } else { nil } }
    var asRoundCommit: RoundCommit? { if case .roundCommit(let m) = self { m } else { nil } }
    var asRoundAbort: RoundAbort? { if case .roundAbort(let m) = self { m } else { nil } }
}
