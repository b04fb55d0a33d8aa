@testable import SeedFLNode
import XCTest

/// The broker's per-peer budgets: bursts, refill, the shared cap, and a table that a flood of
/// names cannot grow.
final class RequestBudgetTests: XCTestCase {
    private let start = ContinuousClock.now

    func testAPeerGetsItsBurstThenItsRate() {
        var budget = RequestBudget(rate: 10, burst: 20, sharedRate: 1000, now: start)
        XCTAssertEqual(budget.take(upTo: 50, peer: [1], now: start), 20, "the burst, no more")
        XCTAssertEqual(budget.take(upTo: 1, peer: [1], now: start), 0)
        XCTAssertEqual(budget.take(upTo: 50, peer: [1], now: start + .milliseconds(500)), 5, "10 per second")
        XCTAssertEqual(budget.take(upTo: 5, peer: [2], now: start + .milliseconds(500)), 5, "another peer has its own")
    }

    func testThePeersShareOneCap() {
        var budget = RequestBudget(rate: 100, burst: 100, sharedRate: 150, now: start)
        XCTAssertEqual(budget.take(upTo: 100, peer: [1], now: start), 100)
        XCTAssertEqual(budget.take(upTo: 100, peer: [2], now: start), 50, "what the shared bucket has left")
        XCTAssertEqual(budget.take(upTo: 100, peer: [3], now: start), 0, "new names get nothing more")
    }

    func testAFloodOfNamesCannotGrowTheTable() {
        var budget = RequestBudget(rate: 1, burst: 1, sharedRate: 1e9, now: start)
        for i in 0..<(RequestBudget.maximumPeers + 500) {
            _ = budget.take(upTo: 1, peer: withUnsafeBytes(of: UInt32(i)) { Array($0) }, now: start + .microseconds(i))
        }
        XCTAssertEqual(budget.peers, RequestBudget.maximumPeers)
    }

    /// Peers whose buckets have filled up again are forgotten (the table shrinks back to
    /// nothing once peers go quiet), and forgetting changes no decision: a returning peer
    /// gets the full bucket it would have had.
    func testRestedPeersAreForgottenWithoutChangingADecision() {
        var budget = RequestBudget(rate: 10, burst: 20, sharedRate: 1e9, now: start)
        for i in 0..<100 { _ = budget.take(upTo: 15, peer: [UInt8(i)], now: start) }
        budget.forgetRested(now: start + .milliseconds(400))
        XCTAssertEqual(budget.peers, 100, "5 + 4 of 20 tokens: not rested yet")
        budget.forgetRested(now: start + .milliseconds(1500))
        XCTAssertEqual(budget.peers, 0, "5 + 15 tokens: full again")
        XCTAssertEqual(budget.take(upTo: 50, peer: [7], now: start + .milliseconds(1500)), 20, "a full burst, as if remembered")
    }
}
