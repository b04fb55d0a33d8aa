import Foundation
import Logging
@testable import SeedFLNode
import XCTest

/// The two line forms of ``RoleLogHandler``: the role and id in every line, one line per
/// event whatever the message holds, JSON that parses.
final class RoleLogFormatTests: XCTestCase {
    func testTextLinesNameTheRoleAndStayOneLine() {
        let metadata: Logger.Metadata = ["role": "trainer", "id": "3"]
        XCTAssertEqual(RoleLogHandler.text(level: .info, message: "ready", metadata: metadata), "[trainer 3] ready")
        XCTAssertEqual(RoleLogHandler.text(level: .warning, message: "slow", metadata: ["role": "broker"]), "[broker] warning: slow")
        XCTAssertEqual(RoleLogHandler.text(level: .error, message: "a\nb", metadata: metadata), "[trainer 3] error: a\\nb")
    }

    func testJSONLinesParseAndCarryEveryField() throws {
        let line = RoleLogHandler.json(level: .warning, message: "quote \" backslash \\ tab \t bell \u{7} done",
                                       metadata: ["role": "aggregator", "id": "root", "round": "12"],
                                       time: Date(timeIntervalSince1970: 1_796_336_549.5))
        XCTAssertFalse(line.contains("\n"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        XCTAssertEqual(object["level"], "warning")
        XCTAssertEqual(object["role"], "aggregator")
        XCTAssertEqual(object["id"], "root")
        XCTAssertEqual(object["round"], "12")
        XCTAssertEqual(object["message"], "quote \" backslash \\ tab \t bell \u{7} done")
        XCTAssertEqual(object["time"], "2026-12-03T22:22:29.500Z")
        XCTAssert(line.hasPrefix("{\"time\":"), "time first, for people reading raw lines")
    }

    func testBadOptionsAreRefusedByName() {
        XCTAssertThrowsError(try LogSettings.apply(level: "loud", format: nil)) { XCTAssert("\($0)".contains("--log-level")) }
        XCTAssertThrowsError(try LogSettings.apply(level: nil, format: "xml")) { XCTAssert("\($0)".contains("--log-format")) }
    }
}
