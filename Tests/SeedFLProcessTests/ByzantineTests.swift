import Foundation
import XCTest

/// Byzantine trainers against the aggregation rules, on Topologies/byzantine.yaml (8
/// trainers, all sampled, 3000 rounds), measured with the real binary. The figures are in
/// docs/security.md.
final class ByzantineTests: XCTestCase {
    private func simulate(_ rule: String, _ attack: String, screenAfter: Int) throws -> [String: Any] {
        let result = try ProcessHarness.run(["simulate", ProcessHarness.topology("byzantine.yaml"), "--aggregation", rule,
                                             "--byzantine", attack, "--screen-after", String(screenAfter), "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return ProcessHarness.lastJSON(result.stdout) ?? [:]
    }

    /// The rules alone (no agreement screen).
    private func finalLoss(_ rule: String, _ attack: String) throws -> Double {
        try simulate(rule, attack, screenAfter: 0)["final_loss"] as? Double ?? .nan
    }

    /// The rules alone: the mean fails visibly; median, trimmed mean and multi-Krum keep the
    /// final loss within 2% of their clean run against scaled, random and replayed scalars from
    /// 1 or 2 of 8 trainers, and against one sign-flipper.
    func testRobustRulesHoldWhereTheMeanFails() throws {
        let clean = try finalLoss("mean", "none")
        for attack in ["3:scale", "3,5:random"] {
            let attacked = try finalLoss("mean", attack)
            XCTAssertFalse(attacked < clean * 10, "mean under \(attack): \(attacked) vs clean \(clean)")
        }
        for rule in ["median", "trimmed:0.25", "krum:2"] {
            let baseline = try finalLoss(rule, "none")
            XCTAssertLessThan(abs(baseline - clean) / clean, 0.02, "\(rule) costs little without an attack")
            for attack in ["3:scale", "3:random", "3:replay", "3:sign-flip", "3,5:scale", "3,5:random", "3,5:replay"] {
                let attacked = try finalLoss(rule, attack)
                XCTAssertLessThan(attacked, baseline * 1.02, "\(rule) under \(attack): \(attacked) vs clean \(baseline)")
            }
        }
    }

    /// Two sign-flippers of eight: a flipped scalar is as large as an honest one and hides in
    /// zeroth-order noise, so every per-round rule loses more than 2% to them; the agreement
    /// screen (`screen_after: 20`, as the topology ships) distrusts exactly the two and brings
    /// every rule back within 2% of its clean run, and it costs a clean run nothing.
    func testTheAgreementScreenStopsSignFlippers() throws {
        for rule in ["median", "trimmed:0.25", "krum:2"] {
            let baseline = try finalLoss(rule, "none")
            let unscreened = try finalLoss(rule, "3,5:sign-flip")
            XCTAssertGreaterThan(unscreened, baseline * 1.02, "\(rule): the rule alone does not stop two sign-flippers")
            let screened = try simulate(rule, "3,5:sign-flip", screenAfter: 20)
            XCTAssertLessThan(screened["final_loss"] as? Double ?? .nan, baseline * 1.02, "\(rule) with the screen: \(screened)")
            XCTAssertEqual(screened["distrusted_trainers"] as? [Int], [3, 5], rule)
            let clean = try simulate(rule, "none", screenAfter: 20)
            XCTAssertEqual(clean["distrusted_trainers"] as? [Int], [], rule)
            XCTAssertEqual(clean["screened_contributions"] as? Int, 0, rule)
            XCTAssertEqual(clean["final_loss"] as? Double, baseline, "\(rule): the screen changes nothing in a clean run")
        }
    }

    /// A distributed run's Byzantine trainers send exactly what the simulator's do: the
    /// attacked ledger of `up` is the attacked ledger of `simulate` (with sign-flippers, so
    /// the root aggregator's agreement screen must leave out what `simulate`'s does), and a
    /// scalar bound drops the scaled contributions where they arrive.
    func testDistributedAttackersMatchTheSimulatorAndTheBoundDropsThem() throws {
        let home = try ProcessHarness.runDirectory("byz")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let topology = ProcessHarness.topology("byzantine.yaml")
        let attack = ["--byzantine", "3,5:sign-flip", "--rounds", "200"]
        let up = try ProcessHarness.run(["up", topology, "--run-dir", home + "/run", "--fresh", "--json"] + attack)
        XCTAssertEqual(up.status, 0, up.stderr.suffix(2000).description)
        let simulated = try ProcessHarness.run(["simulate", topology, "--json"] + attack)
        XCTAssertEqual(ProcessHarness.lastJSON(up.stdout)?["ledger_fingerprint"] as? String,
                       ProcessHarness.lastJSON(simulated.stdout)?["ledger_fingerprint"] as? String)
        let root = ProcessHarness.status(home + "/run", "aggregator-root") ?? [:]
        XCTAssertEqual(root["trainers_distrusted"] as? [Int], [3, 5], "\(root)")
        XCTAssertEqual(root["contributions_screened"] as? Int, ProcessHarness.lastJSON(simulated.stdout)?["screened_contributions"] as? Int)

        let bounded = home + "/bounded.yaml"
        try String(contentsOfFile: topology, encoding: .utf8)
            .replacingOccurrences(of: "  eval_every: 50\n", with: "  eval_every: 50\n  scalar_bound: 1000\n")
            // Trainer 3's contribution is always dropped: rounds close with the other seven.
            .replacingOccurrences(of: "      quorum: all\n", with: "      quorum: 7\n")
            .write(toFile: bounded, atomically: true, encoding: .utf8)
        let run = home + "/bounded"
        let boundedUp = try ProcessHarness.run(["up", bounded, "--run-dir", run, "--rounds", "50", "--fresh", "--json"])
        XCTAssertEqual(boundedUp.status, 0, boundedUp.stderr.suffix(2000).description)
        let drops = ProcessHarness.status(run, "aggregator-root")?["drops"] as? [String: Int] ?? [:]
        XCTAssertGreaterThanOrEqual(drops["out-of-bounds"] ?? 0, 1, "\(drops)")
    }

    /// Robust rules in a tree (each edge applies the rule to its own trainers, the root takes
    /// the count-weighted mean of the edges): with one scaling attacker under each edge the
    /// median tree stays on course where the mean tree explodes.
    func testRobustRulesResistInATree() throws {
        let home = try ProcessHarness.runDirectory("byztree")
        defer { try? FileManager.default.removeItem(atPath: home) }
        var text = try String(contentsOfFile: ProcessHarness.topology("byzantine.yaml"), encoding: .utf8)
        let flat = "    - name: root\n      contributions: ipc://@RUN/contrib\n      upstream: broker\n      quorum: all\n"
        XCTAssert(text.contains(flat))
        let edges = (["a", "b"].enumerated().map { index, name in
            "    - name: edge-\(name)\n      contributions: ipc://@RUN/contrib-\(name)\n      upstream: root\n"
                + "      quorum: all\n      trainers: [\((0..<4).map { String(index * 4 + $0) }.joined(separator: ", "))]\n"
        }).joined()
        text = text.replacingOccurrences(of: flat, with: flat + edges)
        let topology = home + "/tree.yaml"
        try text.write(toFile: topology, atomically: true, encoding: .utf8)
        func loss(_ rule: String, _ attack: String) throws -> Double {
            let tree = home + "/tree-\(rule)-\(attack.count)"
            try text.replacingOccurrences(of: "aggregation: median", with: "aggregation: \(rule)")
                .write(toFile: tree + ".yaml", atomically: true, encoding: .utf8)
            let up = try ProcessHarness.run(["up", tree + ".yaml", "--run-dir", tree, "--rounds", "400", "--fresh",
                                             "--byzantine", attack, "--json"])
            XCTAssertEqual(up.status, 0, up.stderr.suffix(2000).description)
            return ProcessHarness.lastJSON(up.stdout)?["final_loss"] as? Double ?? .nan
        }
        let clean = try loss("median", "none")
        let attacked = try loss("median", "2,5:scale")
        XCTAssertLessThan(attacked, clean * 1.02, "median tree under attack: \(attacked) vs clean \(clean)")
        let broken = try loss("mean", "2,5:scale")
        XCTAssertFalse(broken < clean * 10, "mean tree under attack: \(broken) vs clean \(clean)")
    }
}
