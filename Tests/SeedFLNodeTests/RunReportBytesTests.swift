import Foundation
import SeedFLWire
import XCTest
@testable import SeedFLNode
@testable import SeedFLReport

final class RunReportBytesTests: XCTestCase {
    /// The FedZO sizes must be those of real encoded frames, not a copied formula.
    func testFedZOFrameSizesEqualRealEncodedMessages() {
        let d = 10
        let values = (0..<d).map { Float($0) * 0.25 - 1 }
        let upload = Message.denseContribution(DenseContribution(
            runID: 7, round: 3, baseSequence: 2, trainerID: 1, nonce: 99, baseLoss: 0.5, exampleCount: 16, values: values))
        XCTAssertNoThrow(try upload.validate())
        XCTAssertEqual(DenseBaselineBytes.upload(parameters: d), upload.encode().count)
        XCTAssertEqual(DenseBaselineBytes.upload(parameters: d), 52 + 4 * d, "the layout in DenseContribution's docs")

        let download = Message.denseCommit(DenseCommit(
            sequence: 3, runID: 7, round: 3, seed: 42, learningRate: 0.01, contributors: [1, 4], content: .delta,
            values: values, meanBaseLoss: 0.5))
        XCTAssertNoThrow(try download.validate())
        XCTAssertEqual(DenseBaselineBytes.download(parameters: d, contributors: 2), download.encode().count)
        XCTAssertEqual(DenseBaselineBytes.download(parameters: d, contributors: 2), 53 + 4 * 2 + 4 * d,
                       "the layout in DenseCommit's docs")
    }

    func testPerRoundBytesScaleTheUploadByParticipation() {
        // A sampled trainer (2 of 8) uploads a quarter of the rounds; every trainer downloads every commit.
        XCTAssertEqual(DenseBaselineBytes.perTrainerPerRound(parameters: 10, participation: 0.25, contributors: 2),
                       92 * 0.25 + 101)
        var summary = RunReportSummary(roundsCommitted: 50, seconds: 1)
        XCTAssertNil(RunReportPlots.ourBytesPerRound(summary))
        summary.uplinkBytesPerTrainerPerRound = 84
        summary.downlinkBytesPerTrainerPerRound = 251
        XCTAssertEqual(RunReportPlots.ourBytesPerRound(summary), 84 + 251, "no clients/sample: every round")
        summary.clients = 8
        summary.sample = 2
        XCTAssertEqual(RunReportPlots.ourBytesPerRound(summary), 84 * 0.25 + 251)
    }

    func testTheBytesPlotIsCumulativeOnALogAxis() throws {
        let dir = try RunReportFixture.fullRun("bytes")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = try RunReportInput.load(runDirectory: dir)
        let chart = RunReportPlots.bytes(input).chart
        XCTAssertEqual(chart.id, "plot-bytes")
        XCTAssertEqual(chart.yScale, .logarithmic)
        XCTAssertEqual(chart.series.count, 2)
        let ours = try XCTUnwrap(chart.series[0].points.last)
        XCTAssertEqual(ours.x, 50)
        XCTAssertEqual(ours.y, (84 * 0.25 + 251) * 50, accuracy: 1e-9)
        let fedzo = try XCTUnwrap(chart.series[1].points.last)
        let d = 134_515_008
        XCTAssertEqual(fedzo.y, (Double(52 + 4 * d) * 0.25 + Double(53 + 4 * 2 + 4 * d)) * 50, accuracy: 1)
        XCTAssertTrue(chart.series[1].dashed, "computed, not measured")
    }

    func testLongRunsAreSampledWithBothEnds() {
        let sampled = RunReportPlots.sampleSequences(upTo: 100_000)
        XCTAssertLessThanOrEqual(sampled.count, RunReportPlots.bytesSamples)
        XCTAssertEqual(sampled.first, 1)
        XCTAssertEqual(sampled.last, 100_000)
        XCTAssertEqual(sampled, sampled.sorted())
        XCTAssertEqual(RunReportPlots.sampleSequences(upTo: 3), [1, 2, 3])
        XCTAssertEqual(RunReportPlots.sampleSequences(upTo: 0), [])
    }
}
