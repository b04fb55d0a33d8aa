import Foundation
import SeedFLLauncher
import SeedFLNode
import XCTest

/// The `metrics:` settings, the Prometheus text reader and the live status frame, without
/// processes (MetricsEndpointTests runs them for real).
final class MetricsConfigAndViewTests: XCTestCase {
    private func topology(_ deployment: String) throws -> TopologyFile {
        try TopologyFile.parse("""
            name: m
            run: { algorithm: decomfl, clients: 4, sample: 2, rounds: 5, model: { kind: logreg, buckets: 64 } }
            deployment:
            \(deployment)
            """, path: "m.yaml")
    }

    func testEveryRoleFindsItsAddressAndTrainersOffsetByTheirFirstID() throws {
        let t = try topology("""
              broker: { metrics: { listen: "127.0.0.1:9101" } }
              forwarder: { metrics: { listen: "[::1]:9102" } }
              aggregators: [ { name: root, metrics: { listen: "0.0.0.0:9103" } } ]
              evaluator: { metrics: { listen: "127.0.0.1:9104" } }
              trainers: { metrics: { listen: "127.0.0.1:9110" } }
            """)
        let d = t.deployment
        XCTAssertEqual(try d.metricsListen(for: .broker), MetricsListen(host: "127.0.0.1", port: 9101))
        XCTAssertEqual(try d.metricsListen(for: .forwarder)?.description, "[::1]:9102")
        XCTAssertEqual(try d.metricsListen(for: .aggregator(nil))?.port, 9103)
        XCTAssertEqual(try d.metricsListen(for: .aggregator("root"))?.port, 9103)
        XCTAssertEqual(try d.metricsListen(for: .evaluator)?.port, 9104)
        XCTAssertEqual(try d.metricsListen(for: .trainers(firstID: 3))?.port, 9113)
        XCTAssertNil(try topology("  checkpoint_every: 5").deployment.metricsListen(for: .broker), "off unless configured")
    }

    func testBadSettingsNameTheFileAndTheField() throws {
        let cases: [(String, String, String)] = [
            ("  broker: { metrics: { listen: \"localhost\" } }", "deployment.broker.metrics.listen", "HOST:PORT"),
            ("  broker: { metrics: { listen: \"127.0.0.1:70000\" } }", "deployment.broker.metrics.listen", "TCP port"),
            ("  broker: { metrics: { port: 9 } }", "deployment.broker.metrics.port", "unknown key"),
            ("  evaluator: { metrics: {} }", "deployment.evaluator.metrics.listen", "required"),
            ("  broker: { metrics: { listen: \"127.0.0.1:9101\" } }\n  evaluator: { metrics: { listen: \"127.0.0.1:9101\" } }",
             "deployment.evaluator.metrics.listen", "also deployment.broker"),
            ("  broker: { metrics: { listen: \"127.0.0.1:9112\" } }\n  trainers: { metrics: { listen: \"127.0.0.1:9110\" } }",
             "deployment.trainers.metrics.listen", "9112"),
        ]
        for (yaml, field, words) in cases {
            XCTAssertThrowsError(try topology(yaml), yaml) { error in
                let e = error as? ConfigError
                XCTAssertEqual(e?.file, "m.yaml", yaml)
                XCTAssertEqual(e?.field, field, yaml)
                XCTAssert("\(error)".contains(words), "\(error)")
            }
        }
    }

    func testTheShippedTCPTopologyTurnsMetricsOnForEveryRole() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies/local-tcp.yaml").path
        let d = try TopologyFile.load(path: path).deployment
        XCTAssertNotNil(try d.metricsListen(for: .broker))
        XCTAssertNotNil(try d.metricsListen(for: .aggregator(nil)))
        XCTAssertNotNil(try d.metricsListen(for: .evaluator))
        XCTAssertNotNil(try d.metricsListen(for: .trainers(firstID: 0)))
    }

    func testPrometheusTextReadsLabelsEscapesAndSkipsWhatDoesNotParse() {
        let samples = PrometheusText.parse("""
            # HELP x anything
            # TYPE seedfl_rounds_aborted_total counter
            seedfl_rounds_aborted_total{role="broker",reason="deadline"} 3
            odd{role="a \\"quoted\\" \\\\ value\\nline"} 1.5e3 1712345678
            plain 7
            seedfl_x{role="unterminated} 1
            9starts_with_digit 1
            no_value{role="b"}
            inf +Inf
            """)
        XCTAssertEqual(samples.map(\.name), ["seedfl_rounds_aborted_total", "odd", "plain", "inf"])
        XCTAssertEqual(samples[0].labels, ["role": "broker", "reason": "deadline"])
        XCTAssertEqual(samples[0].value, 3)
        XCTAssertEqual(samples[1].labels["role"], "a \"quoted\" \\ value\nline")
        XCTAssertEqual(samples[1].value, 1500)
        XCTAssertEqual(samples[3].value, .infinity)
    }

    func testScrapedMetricsBecomeStatusesAndAFrame() {
        let samples = PrometheusText.parse("""
            seedfl_ledger_sequence{role="broker"} 40
            seedfl_open_round{role="broker"} 42
            seedfl_rounds_aborted_total{role="broker",reason="deadline"} 1
            seedfl_rounds_aborted_total{role="broker",reason="quorumMissed"} 2
            seedfl_messages_dropped_total{role="broker",reason="stale"} 5
            seedfl_socket_sent_bytes_total{role="broker",socket="publish"} 1500
            seedfl_socket_sent_bytes_total{role="broker",socket="control"} 500
            seedfl_trainer_sequence{role="trainer-7"} 38
            seedfl_trainer_sampled_round{role="trainer-7"} 42
            seedfl_contributions_sent_total{role="trainer-7"} 9
            seedfl_trainer_sequence{role="trainer-2"} 40
            seedfl_trainer_sampled_round{role="trainer-2"} 41
            seedfl_contributions_accepted_total{role="aggregator-root"} 80
            seedfl_validation_accuracy{role="evaluator"} 0.75
            seedfl_evaluated_sequence{role="evaluator"} 40
            process_cpu_seconds_total 3
            """)
        let roles = MetricsStatus.roles(from: samples)
        XCTAssertEqual(Set(roles.keys), ["broker", "trainer-7", "trainer-2", "aggregator-root", "evaluator"])
        XCTAssertEqual(roles["broker"]?.roundsAborted, 3)
        XCTAssertEqual(roles["broker"]?.wireBytes?.sent, 2000)
        XCTAssertEqual(roles["trainer-7"]?.id, 7)
        var frame = LiveStatusFrame(source: "test", run: RunStatus(roles: roles), roundsPerSecond: 12.5)
        frame.maximumTrainerRows = 1
        let text = frame.lines.joined(separator: "\n")
        XCTAssert(text.contains("sequence 40 · round 42 open · 12.5 rounds/s · 3 aborted"), text)
        XCTAssert(text.contains("sampled     round 42: 7"), text)
        XCTAssert(text.contains("validation accuracy 0.7500"), text)
        XCTAssert(text.contains("drops       stale 5"), text)
        // The most lagging trainer first; the rest summed up.
        let rows = frame.lines.filter { $0.first?.isNumber == true }
        XCTAssertEqual(rows.count, 1)
        XCTAssert(rows[0].hasPrefix("7 ") && rows[0].contains(" 2 "), rows[0])
        XCTAssert(text.contains("… 1 more trainers, lag at most 0"), text)
    }
}
