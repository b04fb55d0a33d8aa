import Foundation
import XCTest
@testable import SeedFLNode
@testable import SeedFLReport

final class RunReportTicksTests: XCTestCase {
    private func assertValues(_ ticks: AxisTicks, _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ticks.values.count, expected.count, "\(ticks.values)", file: file, line: line)
        for (a, b) in zip(ticks.values, expected) {
            XCTAssertEqual(a, b, accuracy: abs(b) * 1e-12 + 1e-12, "\(ticks.values)", file: file, line: line)
        }
    }

    func testLinearTicksUseNiceStepsAndCoverTheData() {
        assertValues(NiceTicks.linear(minimum: 0, maximum: 1), [0, 0.2, 0.4, 0.6, 0.8, 1])
        assertValues(NiceTicks.linear(minimum: 0.55, maximum: 0.8), [0.55, 0.6, 0.65, 0.7, 0.75, 0.8])
        assertValues(NiceTicks.linear(minimum: 3, maximum: 97), [0, 20, 40, 60, 80, 100])
        assertValues(NiceTicks.linear(minimum: -21.3, maximum: 101.9), [-50, 0, 50, 100, 150])
        assertValues(NiceTicks.linear(minimum: 1, maximum: 50), [0, 10, 20, 30, 40, 50])
        XCTAssertEqual(NiceTicks.linear(minimum: 0.55, maximum: 0.8).step, 0.05, accuracy: 1e-15)
    }

    func testEveryLinearStepIsOneTwoOrFiveTimesAPowerOfTen() {
        var checked = 0
        for low in [-1e6, -3.7, -0.01, 0, 0.3, 7, 1234.5, 2e9] {
            for span in [1e-3, 0.07, 1, 9.9, 42, 1e4, 3.3e7] {
                let ticks = NiceTicks.linear(minimum: low, maximum: low + span)
                let exponent = log10(ticks.step).rounded(.down)
                let mantissa = (ticks.step / pow(10, exponent) * 1e6).rounded() / 1e6
                XCTAssertTrue([1, 2, 5].contains(mantissa), "step \(ticks.step) for \(low)+\(span)")
                // Data may pass the end tick by float noise (a billionth of a step), no more.
                XCTAssertLessThanOrEqual(ticks.lower, low + ticks.step * 1e-9)
                XCTAssertGreaterThanOrEqual(ticks.upper, low + span - ticks.step * 1e-9)
                XCTAssertTrue((3...12).contains(ticks.values.count), "\(ticks.values.count) ticks for \(low)+\(span)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 56)
        XCTAssertEqual(NiceTicks.niceStep(0.3 / 0.1), 5, "2.9999999999999996 rounds up to 5, not down")
        XCTAssertEqual(NiceTicks.niceStep(2.0000000000000004), 2, "float noise above 2 stays 2")
        assertValues(NiceTicks.linear(minimum: 0, maximum: 0.1 + 0.2), [0, 0.1, 0.2, 0.3])   // no 0.4 for float noise
    }

    func testDegenerateRangesStillGiveLabelledAxes() {
        assertValues(NiceTicks.linear(minimum: 0, maximum: 0), [0, 0.2, 0.4, 0.6, 0.8, 1])
        let one = NiceTicks.linear(minimum: 5, maximum: 5)
        XCTAssertLessThan(one.lower, 5)
        XCTAssertGreaterThan(one.upper, 5)
        assertValues(NiceTicks.linear(minimum: .nan, maximum: 1), [0, 0.2, 0.4, 0.6, 0.8, 1])
        assertValues(NiceTicks.linear(minimum: 1, maximum: 0), [0, 0.2, 0.4, 0.6, 0.8, 1])
        // A span below the resolution of its magnitude: two end ticks, no endless loop.
        let tiny = NiceTicks.linear(minimum: 1e15, maximum: 1e15 + 0.125)
        XCTAssertGreaterThanOrEqual(tiny.values.count, 2)
        XCTAssertLessThanOrEqual(tiny.values.count, 51)
    }

    func testLogTicksArePowersOfTenWithTwoAndFiveForShortRanges() {
        assertValues(NiceTicks.logarithmic(minimum: 1.5, maximum: 80), [1, 2, 5, 10, 20, 50, 100])
        assertValues(NiceTicks.logarithmic(minimum: 1000, maximum: 1000), [1000, 2000, 5000, 10000])
        assertValues(NiceTicks.logarithmic(minimum: 300, maximum: 5e6), [100, 1e3, 1e4, 1e5, 1e6, 1e7])
        // Nine decades tick every second power so labels do not collide.
        assertValues(NiceTicks.logarithmic(minimum: 272, maximum: 3.4e10), [1e2, 1e4, 1e6, 1e8, 1e10, 1e12])
        assertValues(NiceTicks.logarithmic(minimum: 0, maximum: -1), [1, 2, 5, 10])
    }

    func testTickLabelsAreShortAndLocaleFree() {
        XCTAssertEqual(TickLabel.number(0.30000000000000004, step: 0.05), "0.30")
        XCTAssertEqual(TickLabel.number(-0.0, step: 1), "0")
        XCTAssertEqual(TickLabel.number(-1e-17, step: 0.1), "0.0")
        XCTAssertEqual(TickLabel.number(40, step: 20), "40")
        XCTAssertEqual(TickLabel.number(-50, step: 50), "-50")
        XCTAssertEqual(TickLabel.number(0.002, step: 0), "0.002")
        XCTAssertEqual(TickLabel.number(2e7, step: 1e7), "2e+07")
        XCTAssertEqual(TickLabel.bytes(500), "500 B")
        XCTAssertEqual(TickLabel.bytes(1e3), "1 kB")
        XCTAssertEqual(TickLabel.bytes(2.5e6), "2.5 MB")
        XCTAssertEqual(TickLabel.bytes(1e10), "10 GB")
        XCTAssertEqual(TickLabel.bytes(1e12), "1 TB")
    }

    func testAnEmptyChartDrawsAxesAndANoDataNote() {
        let chart = LineChart(id: "plot-x", title: "T", xTitle: "x title", yTitle: "y title",
                              series: [ChartSeries(name: "s", color: "#000", points: [])])
        let svg = chart.svg()
        XCTAssertTrue(svg.hasPrefix("<svg class=\"plot\" id=\"plot-x\""))
        XCTAssertTrue(svg.contains("<text class=\"no-data\""))
        XCTAssertTrue(svg.contains(">x title</text>"))
        XCTAssertTrue(svg.contains(">y title</text>"))
        XCTAssertTrue(svg.contains("class=\"tick-label\""))
        XCTAssertFalse(svg.contains("class=\"series\""))
    }

    func testALogChartDropsValuesItCannotDraw() {
        var chart = LineChart(id: "plot-log", title: "T", xTitle: "x", yTitle: "y", yScale: .logarithmic, yFormat: .bytes)
        chart.series = [ChartSeries(name: "s", color: "#000",
                                    points: [ChartPoint(x: 0, y: 0), ChartPoint(x: 1, y: -3), ChartPoint(x: 2, y: .infinity),
                                             ChartPoint(x: 3, y: 100), ChartPoint(x: 4, y: 1e6)])]
        XCTAssertEqual(chart.series[0].drawablePoints(on: .logarithmic).map(\.x), [3, 4])
        let g = ChartGeometry(fitting: chart)
        XCTAssertEqual(g.y.lower, 100)
        XCTAssertEqual(g.y.upper, 1e6)
        XCTAssertEqual(g.canvasY(100), g.plotBottom, accuracy: 1e-9)
        XCTAssertEqual(g.canvasY(1e4), (g.plotTop + g.plotBottom) / 2, accuracy: 1e-9, "log: 10^4 is halfway")
        XCTAssertEqual(chart.svg().components(separatedBy: " L").count, 2, "one segment: two drawable points")
    }

    func testLongSeriesAreThinnedButKeepTheirEnds() {
        let points = (0..<10_000).map { ChartPoint(x: Double($0), y: 1) }
        let thinned = LineChart.thinned(points)
        XCTAssertLessThanOrEqual(thinned.count, LineChart.maxPointsPerSeries + 1)
        XCTAssertEqual(thinned.first, points.first)
        XCTAssertEqual(thinned.last, points.last)
        XCTAssertEqual(LineChart.thinned(Array(points.prefix(10))), Array(points.prefix(10)))
    }
}
