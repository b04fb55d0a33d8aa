import Foundation
import SeedFLCore
import SeedFLWire
import XCTest
import ZeroMQ

@testable import SeedFLNode

// Real sockets on ipc in a temporary directory, roles on their own threads, test-side
// sockets playing the broker and the trainers. Every wait is bounded (a failing test ends
// in seconds, never hangs) and no assertion is about how long anything took.

/// How many short waits a test loop makes before it gives up (about 10 s in all).
let harnessAttempts = 200

/// A value shared between a test and a role thread.
final class HarnessLocked<Value>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    var current: Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set(_ newValue: Value) {
        lock.lock()
        value = newValue
        lock.unlock()
    }
}

/// A role running on its own thread until ``finish()``.
final class HarnessRoleThread<Status: Sendable>: Sendable {
    let stopRequested = HarnessLocked(false)
    private let ended = DispatchSemaphore(value: 0)
    private let outcome = HarnessLocked<Result<Status, any Error>?>(nil)

    /// Starts `body` on a new thread; `body` must return once its `stop` closure says so.
    init(_ body: @escaping @Sendable (_ stop: () -> Bool) throws -> Status) {
        Thread { [self] in
            do {
                outcome.set(.success(try body { stopRequested.current }))
            } catch {
                outcome.set(.failure(error))
            }
            ended.signal()
        }.start()
    }

    /// Requests the stop and returns the role's final status (or its error).
    func finish(file: StaticString = #filePath, line: UInt = #line) throws -> Status {
        stopRequested.set(true)
        guard ended.wait(timeout: .now() + 10) == .success else {
            XCTFail("role thread did not stop", file: file, line: line)
            throw RoleError(.socket, "test", "role thread did not stop")
        }
        switch outcome.current {
        case .success(let status): return status
        case .failure(let error): throw error
        case nil: throw RoleError(.socket, "test", "role thread ended without a result")
        }
    }

    static func aggregator(_ configuration: AggregatorConfiguration) -> HarnessRoleThread<RoleStatus> {
        HarnessRoleThread<RoleStatus> { stop in try Aggregator(configuration: configuration).run(stop: stop) }
    }
}

enum AggregatorHarness {
    /// A fresh short directory (ipc paths are limited to about 100 bytes), removed after the test.
    static func directory(for test: XCTestCase) throws -> String {
        let path = "/tmp/agg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A small seed-scalar run: K = 2, P = 3.
    static func run(clients: Int = 4, rule: AggregationRule = .mean, dense: Bool = false) -> RunConfig {
        var zo = RunConfig.defaultZO
        zo.steps = 2
        zo.perturbations = 3
        return RunConfig(algorithm: dense ? .fedzo : .decomfl, clients: clients, sample: clients, rounds: 3,
                         seed: 77, zo: zo, aggregation: rule)
    }

    /// An ipc deployment in `directory` with a 20 ms heartbeat and the given aggregators
    /// (endpoints written with `@RUN`).
    static func deployment(directory: String, aggregators: [AggregatorDeployment], forwarder: Bool = false) -> Deployment {
        var d = Deployment.localIPC(runDirectory: directory)
        d.broker.heartbeatMilliseconds = 20
        d.aggregators = aggregators
        if forwarder {
            d.forwarder = ForwarderDeployment(backend: Endpoint("ipc://@RUN/fwd-out"))
        }
        return d.resolved(runDirectory: directory)
    }

    static func flat(quorum: Quorum = .all) -> [AggregatorDeployment] {
        [AggregatorDeployment(name: "root", contributions: Endpoint("ipc://@RUN/contrib"), upstream: "broker",
                              quorum: quorum, trainers: [])]
    }

    /// Values on a 2^-23 grid in [-1, 1), scaled by 2^scale: sums of a few of them are
    /// exact in `Double`, so flat and tree sums agree bit for bit by construction.
    static func values(count: Int, seed: UInt64, scale: Int = 0) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let grid = Float(Int32(truncatingIfNeeded: state >> 40) - (1 << 23)) / Float(1 << 23)
            return grid * Float(sign: .plus, exponent: scale, significand: 1)
        }
    }

    /// The process nonce trainer `trainer`'s contributions carry here.
    static func nonce(_ trainer: UInt32) -> UInt64 { 1000 + UInt64(trainer) }

    static func contribution(run: RunConfig, round: UInt64, trainer: UInt32, baseSequence: UInt64 = 0,
                             scale: Int = 0, salt: UInt64 = 0) -> Contribution {
        Contribution(runID: run.seed, round: round, baseSequence: baseSequence, trainerID: trainer, nonce: nonce(trainer),
                     k: UInt16(run.zo.steps), p: UInt16(run.zo.perturbations),
                     scalars: values(count: run.zo.steps * run.zo.perturbations,
                                     seed: round &* 1000 &+ UInt64(trainer) &+ salt &* 77, scale: scale),
                     baseLoss: 0.5 + Float(trainer) / 8, exampleCount: 10 + trainer)
    }

    static func roundOpen(run: RunConfig, round: UInt64, participants: [UInt32], baseSequence: UInt64 = 0,
                          deadlineIn milliseconds: UInt64 = 60_000) -> RoundOpen {
        RoundOpen(runID: run.seed, round: round, seed: 1234 &+ round, k: UInt16(run.zo.steps),
                  p: UInt16(run.zo.perturbations), participants: participants,
                  deadlineUnixMilliseconds: AggregatorClock.nowMilliseconds() + milliseconds,
                  baseSequence: baseSequence, mode: run.algorithm.isDense ? .denseDelta : .seedScalars)
    }

    /// What a single aggregator must produce for these contributions: the simulator's value.
    static func reference(_ contributions: [Contribution], rule: AggregationRule) -> RoundAggregate {
        RoundAggregate(combining: contributions.map {
            RoundContribution(trainer: $0.trainerID, scalars: $0.scalars, baseLoss: $0.baseLoss, examples: Int($0.exampleCount))
        }, rule: rule)
    }

    /// Waits (bounded) until the status file at `path` satisfies `predicate`.
    static func waitForStatus(_ path: String, file: StaticString = #filePath, line: UInt = #line,
                              _ predicate: (RoleStatus) -> Bool) -> RoleStatus? {
        for _ in 0..<harnessAttempts {
            if let s = try? RoleStatus.read(from: path), predicate(s) { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("status \(path) never reached the expected state", file: file, line: line)
        return nil
    }
}

/// The test playing the broker: PUB for announcements, PULL for aggregates, ROUTER for
/// the aggregators' heartbeats.
final class HarnessBroker {
    let context: Context
    let publisher: Publisher
    let aggregates: Puller
    let control: Router

    init(deployment: Deployment) throws {
        context = try Context()
        let options = SocketDefaults.options(maxFrameBytes: 1 << 20)
        publisher = try Publisher(context: context, options: options)
        aggregates = try Puller(context: context, options: options)
        control = try Router(context: context, options: options)
        _ = try publisher.bind(deployment.broker.publish.bind)
        _ = try aggregates.bind(deployment.broker.aggregates.bind)
        _ = try control.bind(deployment.broker.control.bind)
    }

    func publish(_ message: Message) throws {
        _ = try publisher.send(frame: message.encode())
    }

    /// Publishes `open` until every aggregator in `senders` (deployment indices) has
    /// reported, in a HEARTBEAT, that it is in this round: the end of the slow-joiner race.
    func announce(_ open: RoundOpen, to senders: Set<UInt32>, file: StaticString = #filePath, line: UInt = #line) throws {
        var seen = Set<UInt32>()
        for _ in 0..<harnessAttempts {
            try publish(.roundOpen(open))
            let poller = Poller()
            poller.register(control)
            if case .ready = try poller.poll(timeout: .milliseconds(50)) {
                while case .message(let routed) = try control.receiveRouted(dontWait: true) {
                    if routed.frames.count == 1, case .heartbeat(let beat)? = try? Message.decode(routed.frames[0]),
                       beat.role == .aggregator, beat.round == open.round {
                        seen.insert(beat.senderID)
                    }
                }
            }
            if seen.isSuperset(of: senders) { return }
        }
        XCTFail("aggregators \(senders.subtracting(seen)) never joined round \(open.round)", file: file, line: line)
    }

    /// The next AGGREGATE pushed to the broker, or nil after about 10 s.
    func nextAggregate(file: StaticString = #filePath, line: UInt = #line) throws -> Aggregate? {
        if let a = try receiveAggregate(attempts: harnessAttempts) { return a }
        XCTFail("no aggregate arrived", file: file, line: line)
        return nil
    }

    /// An AGGREGATE received within `attempts` polls of 50 ms, if any.
    func receiveAggregate(attempts: Int) throws -> Aggregate? {
        let poller = Poller()
        poller.register(aggregates)
        for _ in 0..<attempts {
            guard case .ready = try poller.poll(timeout: .milliseconds(50)) else { continue }
            if case .message(let frames) = try aggregates.receive(dontWait: true), frames.count == 1,
               case .aggregate(let a) = try Message.decode(frames[0]) {
                return a
            }
        }
        return nil
    }

    deinit {
        for s in [publisher, aggregates, control] as [any Socket] { try? s.close(linger: .zero) }
        context.terminate()
    }
}

/// The test playing a trainer (or an attacker): one PUSH to an aggregator.
final class HarnessTrainer {
    let context: Context
    let pusher: Pusher

    init(endpoint: String) throws {
        context = try Context()
        var options = SocketDefaults.options(maxFrameBytes: 1 << 20)
        options.sendTimeout = .seconds(5)
        // Queued contributions must survive the trainer object: closing waits (bounded) for them.
        options.linger = .seconds(2)
        pusher = try Pusher(context: context, options: options)
        try pusher.connect(endpoint)
    }

    func send(_ message: Message) throws { try send(frames: [message.encode()]) }

    func send(frames: [[UInt8]]) throws {
        XCTAssertEqual(try pusher.send(frames), .sent)
    }

    deinit {
        try? pusher.close(linger: .zero)
        context.terminate()
    }
}
