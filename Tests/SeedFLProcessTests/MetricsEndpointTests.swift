import Foundation
import SeedFLLauncher
import SeedFLNode
import SeedFLStore
import XCTest

/// Every role's Prometheus endpoint during a real `seedfl up` run of `local-tcp.yaml` (which
/// turns metrics on for every role, on ports written in the file): the counters move, agree
/// with the ledger and with the roles' own socket counters, the endpoint shrugs off garbage,
/// and `seedfl status` shows the run, both from metrics and, in a real terminal (tmux), from
/// the run directory.
final class MetricsEndpointTests: XCTestCase {
    /// The endpoints `Topologies/local-tcp.yaml` configures, by role.
    static let endpoints = [
        "broker": "http://127.0.0.1:47111/metrics", "aggregator-root": "http://127.0.0.1:47112/metrics",
        "evaluator": "http://127.0.0.1:47113/metrics", "trainer-0": "http://127.0.0.1:47120/metrics",
        "trainer-1": "http://127.0.0.1:47121/metrics", "trainer-2": "http://127.0.0.1:47122/metrics",
        "trainer-3": "http://127.0.0.1:47123/metrics",
    ]

    func testEveryRoleServesMetricsThatAgreeWithTheLedgerAndTheSockets() throws {
        let dir = try ProcessHarness.runDirectory("metrics")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = dir + "/run"
        let up = try ProcessHarness.startRun(ProcessHarness.topology("local-tcp.yaml"), run: run, rounds: 100_000,
                                             log: dir + "/up.log", progress: 20)
        defer { ProcessHarness.stop([up]) }
        // Every trainer has contributed and the evaluator has scored on validation once.
        XCTAssert(ProcessHarness.wait(timeout: 60) {
            (0..<4).allSatisfy { (ProcessHarness.status(run, "trainer-\($0)")?["rounds_contributed"] as? Int ?? 0) > 0 }
                && (ProcessHarness.status(run, "evaluator")?["evaluated_sequence"] as? Int ?? 0) >= 50
        }, "the run did not get going: see \(dir)/up.log")

        // Status files say where each role serves, and it is where the topology put it.
        for (role, url) in Self.endpoints {
            XCTAssertEqual(ProcessHarness.status(run, role)?["metrics_url"] as? String, url, role)
        }

        // Socket counters: read a role's status file, then scrape it: the scrape is at least as
        // new, so its byte counts are at least the file's (and, below, at most the final file's).
        var scraped: [String: [PrometheusSample]] = [:]
        var filed: [String: (sent: Int, received: Int)] = [:]
        for (role, url) in Self.endpoints {
            let bytes = ProcessHarness.status(run, role)?["wire_bytes"] as? [String: Any]
            filed[role] = (bytes?["sent"] as? Int ?? -1, bytes?["received"] as? Int ?? -1)
            scraped[role] = try scrape(url)
        }
        for (role, samples) in scraped {
            XCTAssert(samples.allSatisfy { $0.name.hasPrefix("process_") || $0.labels["role"] == role }, "\(role): foreign role label")
            let sent = total(samples, MetricName.socketSentBytes), received = total(samples, MetricName.socketReceivedBytes)
            XCTAssertGreaterThan(received, 0, role)
            XCTAssertGreaterThanOrEqual(sent, Double(filed[role]!.sent), role)
            XCTAssertGreaterThanOrEqual(received, Double(filed[role]!.received), role)
            XCTAssertGreaterThan(total(samples, "process_resident_memory_bytes"), 0, role)
        }

        // The broker's counts against the ledger, read just before and just after the scrape.
        let ledgerPath = RunDirectory(run).ledger
        let before = try Ledger(readOnlyAt: ledgerPath).latestSequence
        let broker = try scrape(Self.endpoints["broker"]!)
        let after = try Ledger(readOnlyAt: ledgerPath).latestSequence
        for name in [MetricName.roundsCommitted, MetricName.ledgerSequence] {
            let value = total(broker, name)
            XCTAssert(Double(before) <= value && value <= Double(after), "\(name) \(value) not in \(before)...\(after)")
        }
        XCTAssertGreaterThanOrEqual(total(broker, MetricName.roundsOpened), total(broker, MetricName.roundsCommitted))
        XCTAssertEqual(total(broker, MetricName.roundDuration + "_count"), total(broker, MetricName.roundsCommitted))
        XCTAssertEqual(total(broker, MetricName.roundsAborted), 0)
        XCTAssertEqual(broker.filter { $0.name == MetricName.roundsAborted }.count, 5, "one series per abort reason")
        XCTAssertGreaterThan(total(broker, MetricName.ledgerSize), 0)
        XCTAssertEqual(total(broker, MetricName.trainersLive), 4)

        // Trainers did the work the aggregator counted; the evaluator scored on validation.
        var sent = 0.0
        for id in 0..<4 {
            let t = try scrape(Self.endpoints["trainer-\(id)"]!)
            XCTAssertGreaterThan(total(t, MetricName.forwardPasses), 0)
            XCTAssertGreaterThan(total(t, MetricName.zoStepDuration + "_count"), 0)
            sent += total(t, MetricName.contributionsSent)
        }
        let aggregator = try scrape(Self.endpoints["aggregator-root"]!)
        // Read after the trainers: every contribution they had sent by then may have arrived.
        XCTAssertGreaterThan(total(aggregator, MetricName.contributionsAccepted), 0)
        XCTAssertGreaterThanOrEqual(total(aggregator, MetricName.aggregatesSent), total(broker, MetricName.roundsCommitted))
        let evaluator = try scrape(Self.endpoints["evaluator"]!)
        let accuracy = total(evaluator, MetricName.validationAccuracy)
        XCTAssert(accuracy > 0 && accuracy <= 1, "validation accuracy \(accuracy)")
        XCTAssertGreaterThan(total(evaluator, MetricName.validationLoss), 0)
        XCTAssertGreaterThan(sent, 0)

        // Counters move.
        XCTAssert(committedGrows(beyond: total(broker, MetricName.roundsCommitted)), "the broker's commit counter stands still")

        // Garbage HTTP: refused or answered with an error, and the endpoint keeps serving.
        for garbage in [Array("GARBAGE\r\n\r\n".utf8), [UInt8](repeating: 0xFF, count: 4096),
                        Array(("GET /" + String(repeating: "a", count: 200_000) + " HTTP/1.1\r\n\r\n").utf8),
                        Array("POST /metrics HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n".utf8) + [UInt8](repeating: 1, count: 200_000),
                        Array("GET /metrics HTTP/1.1\r\nX: \u{1}\u{2}\r\n".utf8)] {
            let answer = RawHTTP.exchange(port: 47111, garbage)
            XCTAssertFalse(answer.hasPrefix("HTTP/1.1 200"), "garbage answered 200: \(answer.prefix(60))")
        }
        XCTAssertTrue(RawHTTP.exchange(port: 47111, Array("DELETE /metrics HTTP/1.1\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 405"))
        XCTAssertTrue(RawHTTP.exchange(port: 47111, Array("GET /nothing HTTP/1.1\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 404"))
        XCTAssert(committedGrows(beyond: total(try scrape(Self.endpoints["broker"]!), MetricName.roundsCommitted)),
                  "the endpoint stopped serving after the garbage")

        // The live view from metrics, once.
        let view = try ProcessHarness.run(["status", "--once", "--interval", "0.5", "--metrics"] + Self.endpoints.values.sorted())
        XCTAssertEqual(view.status, 0, view.stderr)
        XCTAssert(view.stdout.contains("rounds/s") && view.stdout.contains("aggregator-root"), view.stdout)
        XCTAssertEqual(trainerRows(view.stdout), 4, view.stdout)

        // The live view in a real terminal, from the run directory.
        try statusInTmux(run: run)

        ProcessHarness.stop([up])
        // The final status files are at least as new as every scrape.
        for (role, samples) in scraped {
            let bytes = ProcessHarness.status(run, role)?["wire_bytes"] as? [String: Any]
            XCTAssertLessThanOrEqual(total(samples, MetricName.socketSentBytes), Double(bytes?["sent"] as? Int ?? 0), role)
            XCTAssertLessThanOrEqual(total(samples, MetricName.socketReceivedBytes), Double(bytes?["received"] as? Int ?? 0), role)
        }
    }

    /// The forwarder's bytes move inside libzmq's proxy; its metrics come from the proxy's own
    /// counters (`STATISTICS`): what it took from the broker it passed to its subscribers.
    func testTheForwarderReportsWhatItsProxyMoved() throws {
        let dir = try ProcessHarness.runDirectory("fwdmetrics")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try String(contentsOfFile: ProcessHarness.topology("forwarder.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    backend: ipc://@RUN/fanout", with: "    backend: ipc://@RUN/fanout\n    metrics: { listen: \"127.0.0.1:0\" }")
        let topology = dir + "/forwarder.yaml"
        try text.write(toFile: topology, atomically: true, encoding: .utf8)
        let run = dir + "/run"
        let up = try ProcessHarness.startRun(topology, run: run, rounds: 100_000, log: dir + "/up.log", progress: 20)
        defer { ProcessHarness.stop([up]) }
        let url = try XCTUnwrap(ProcessHarness.status(run, "forwarder")?["metrics_url"] as? String)
        var samples: [PrometheusSample] = []
        // Statistics are asked for once a second.
        XCTAssert(ProcessHarness.wait(timeout: 10) {
            samples = (try? scrape(url)) ?? []
            return samples.contains { $0.name == MetricName.socketReceivedBytes && $0.labels["socket"] == "frontend" && $0.value > 0 }
        }, "no frontend traffic in \(samples)")
        func value(_ name: String, _ socket: String) -> Double {
            samples.first { $0.name == name && $0.labels["socket"] == socket }?.value ?? -1
        }
        let fromBroker = value(MetricName.socketReceivedBytes, "frontend")
        // The proxy answers between two transfers, and XPUB counts a frame once however many
        // subscribers it reaches (the fan-out happens inside libzmq): out equals in.
        XCTAssertEqual(value(MetricName.socketSentBytes, "backend"), fromBroker)
        XCTAssertEqual(value(MetricName.socketReceivedMessages, "backend"), value(MetricName.socketSentMessages, "frontend"),
                       "every subscription is passed upstream")
    }

    /// `seedfl status --run DIR` in tmux: start it, let it draw, capture the pane.
    ///
    /// tmux is run through `system(3)`, not Foundation's `Process`: `new-session` starts a
    /// tmux server that outlives its client, and Foundation did not notice the client's exit
    /// (it stayed a zombie and the test waited for ever).
    private func statusInTmux(run: String) throws {
        let session = "seedfl-status-\(getpid())"
        let paneFile = NSTemporaryDirectory() + "\(session).txt"
        defer {
            _ = system("tmux kill-session -t \(session) </dev/null >/dev/null 2>&1")
            try? FileManager.default.removeItem(atPath: paneFile)
        }
        let command = "\(ProcessHarness.binary) status --run \(run) --interval 0.5"
        XCTAssertEqual(system("tmux new-session -d -s \(session) -x 120 -y 40 '\(command)' </dev/null >/dev/null 2>&1"), 0)
        var pane = ""
        // Two frames at least, so that the rate is measured.
        XCTAssert(ProcessHarness.wait(timeout: 20) {
            guard system("tmux capture-pane -p -t \(session) </dev/null >\(paneFile) 2>/dev/null") == 0 else { return false }
            pane = (try? String(contentsOfFile: paneFile, encoding: .utf8)) ?? ""
            return pane.range(of: #"[0-9.]+ rounds/s"#, options: .regularExpression) != nil && trainerRows(pane) == 4
        }, "the status view did not show the run:\n\(pane)")
        XCTAssert(pane.contains("SeedFL status: \(run)"), pane)
        XCTAssert(pane.contains("sampled     round"), pane)
        XCTAssert(pane.contains("evaluator   sequence"), pane)
        // One frame on the screen, not frames scrolling past: the title appears once.
        XCTAssertEqual(pane.components(separatedBy: "SeedFL status:").count, 2, pane)
    }

    /// True once a scrape of the broker shows more than `committed` commits (within 20 s).
    private func committedGrows(beyond committed: Double) -> Bool {
        ProcessHarness.wait(timeout: 20) {
            guard let samples = try? scrape(Self.endpoints["broker"]!) else { return false }
            return total(samples, MetricName.roundsCommitted) > committed
        }
    }

    private func scrape(_ url: String) throws -> [PrometheusSample] {
        switch MetricsScraper.fetch(url) {
        case .success(let text): return PrometheusText.parse(text)
        case .failure(let failure): throw failure
        }
    }

    /// The sum of every series named `name`.
    private func total(_ samples: [PrometheusSample], _ name: String) -> Double {
        samples.filter { $0.name == name }.reduce(0) { $0 + $1.value }
    }

    /// Rows of the trainer table (lines that start with a trainer id).
    private func trainerRows(_ text: String) -> Int {
        text.split(separator: "\n").filter { $0.range(of: #"^[0-9]+ +[0-9-]+ +[0-9-]+ "#, options: .regularExpression) != nil }.count
    }
}

/// Bytes to a local port and whatever comes back before the peer closes (or 3 s pass).
enum RawHTTP {
    static func exchange(port: UInt16, _ bytes: [UInt8]) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var wait = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while answer.count < 1 << 20 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
