import Foundation
import SeedFLData
import XCTest

final class PartitionerTests: XCTestCase {
    /// 4 labels with unequal sizes (400, 300, 200, 100), interleaved.
    private let labels: [Int] = (0..<1_000).map { i in
        switch i % 10 { case 0..<4: 0; case 4..<7: 1; case 7..<9: 2; default: 3 }
    }
    private let partitioners: [Partitioner] = [.iid, .dirichlet(alpha: 0.5), .dirichlet(alpha: 0.05), .oneLabelPerClient]

    func testEveryIndexExactlyOnceAndNoEmptyClient() throws {
        for partitioner in partitioners {
            for clients in [4, 7, 10] {
                let shards = try partitioner.partition(labels: labels, clients: clients, seed: 11)
                XCTAssertEqual(shards.count, clients, "\(partitioner)")
                let all = shards.flatMap { $0 }
                XCTAssertEqual(all.count, labels.count, "\(partitioner) \(clients)")
                XCTAssertEqual(Set(all), Set(labels.indices), "\(partitioner) \(clients)")
                XCTAssertFalse(shards.contains { $0.isEmpty }, "\(partitioner) \(clients)")
                XCTAssertTrue(shards.allSatisfy { $0 == $0.sorted() }, "\(partitioner)")
            }
        }
    }

    func testDeterministicForASeedAndDifferentAcrossSeeds() throws {
        for partitioner in partitioners {
            let first = try partitioner.partition(labels: labels, clients: 8, seed: 5)
            let again = try partitioner.partition(labels: labels, clients: 8, seed: 5)
            let other = try partitioner.partition(labels: labels, clients: 8, seed: 6)
            XCTAssertEqual(first, again, "\(partitioner)")
            XCTAssertNotEqual(first, other, "\(partitioner)")
        }
    }

    func testIIDShardSizesDifferByAtMostOne() throws {
        let sizes = try Partitioner.iid.partition(labels: labels, clients: 7, seed: 1).map(\.count)
        XCTAssertEqual(sizes, [143, 143, 143, 143, 143, 143, 142])
    }

    func testSmallAlphaIsMoreSkewedThanLargeAlpha() throws {
        let skewed = try Partitioner.dirichlet(alpha: 0.1, minimumPerClient: 1)
            .partition(labels: labels, clients: 10, seed: 3)
        let even = try Partitioner.dirichlet(alpha: 100, minimumPerClient: 1)
            .partition(labels: labels, clients: 10, seed: 3)
        let iid = try Partitioner.iid.partition(labels: labels, clients: 10, seed: 3)
        let skewedEntropy = meanLabelEntropy(skewed)
        let evenEntropy = meanLabelEntropy(even)
        // The whole set's label entropy is 1.846 bits; IID clients sit near it.
        XCTAssertGreaterThan(meanLabelEntropy(iid), 1.7)
        XCTAssertGreaterThan(evenEntropy, 1.7)
        XCTAssertLessThan(skewedEntropy, 1.0)
        XCTAssertLessThan(skewedEntropy, evenEntropy)
    }

    func testDirichletMinimumIsEnforcedEvenWhenDrawsCannotMeetIt() throws {
        // alpha 0.01 puts nearly each label on a single client, so with 4 labels most of
        // the 10 clients are empty in every draw; the deterministic repair must fix that.
        let shards = try Partitioner.dirichlet(alpha: 0.01, minimumPerClient: 60)
            .partition(labels: labels, clients: 10, seed: 9)
        XCTAssertTrue(shards.allSatisfy { $0.count >= 60 }, "\(shards.map(\.count))")
        XCTAssertEqual(Set(shards.flatMap { $0 }).count, labels.count)
        XCTAssertEqual(shards.flatMap { $0 }.count, labels.count)
        // The minimum is capped at examples / clients when the data cannot give more.
        let tight = try Partitioner.dirichlet(alpha: 0.5, minimumPerClient: 500)
            .partition(labels: labels, clients: 10, seed: 9)
        XCTAssertEqual(tight.map(\.count), Array(repeating: 100, count: 10))
    }

    func testOneLabelPerClientGivesPureEvenClients() throws {
        let shards = try Partitioner.oneLabelPerClient.partition(labels: labels, clients: 10, seed: 4)
        for (client, shard) in shards.enumerated() {
            XCTAssertEqual(Set(shard.map { labels[$0] }), [client % 4], "client \(client)")
        }
        // Label 0 (400 examples) has clients 0, 4, 8; label 1 (300) clients 1, 5, 9;
        // label 2 (200) clients 2, 6; label 3 (100) clients 3, 7.
        XCTAssertEqual(shards.map(\.count), [134, 100, 100, 50, 133, 100, 100, 50, 133, 100])
    }

    func testImpossiblePartitionsAreRefused() {
        XCTAssertEqual(
            expectError { () throws(PartitionError) in _ = try Partitioner.iid.partition(labels: [0, 1], clients: 3, seed: 0) },
            PartitionError(code: .fewerExamplesThanClients(examples: 2, clients: 3)))
        XCTAssertEqual(
            expectError { () throws(PartitionError) in _ = try Partitioner.iid.partition(labels: [0, 1], clients: 0, seed: 0) },
            PartitionError(code: .invalidClientCount(0)))
        XCTAssertEqual(
            expectError { () throws(PartitionError) in
                _ = try Partitioner.oneLabelPerClient.partition(labels: [0, 1, 2, 2], clients: 2, seed: 0)
            },
            PartitionError(code: .fewerClientsThanLabels(clients: 2, labels: 3)))
        XCTAssertEqual(
            expectError { () throws(PartitionError) in
                _ = try Partitioner.oneLabelPerClient.partition(labels: [0, 0, 1, 1, 1, 1], clients: 5, seed: 0)
            },
            PartitionError(code: .labelTooSmall(label: 0, examples: 2, clients: 3)))
        XCTAssertEqual(
            expectError { () throws(PartitionError) in
                _ = try Partitioner.dirichlet(alpha: 0).partition(labels: [0, 1], clients: 1, seed: 0)
            },
            PartitionError(code: .invalidAlpha(0)))
    }

    func testParsingAndDescriptionRoundTrip() throws {
        XCTAssertEqual(try Partitioner(parsing: "iid"), .iid)
        XCTAssertEqual(try Partitioner(parsing: " Label "), .oneLabelPerClient)
        XCTAssertEqual(try Partitioner(parsing: "dirichlet"), .dirichlet(alpha: 1))
        XCTAssertEqual(try Partitioner(parsing: "dirichlet:0.5"), .dirichlet(alpha: 0.5))
        XCTAssertEqual(try Partitioner(parsing: "dirichlet:0.5:3"), .dirichlet(alpha: 0.5, minimumPerClient: 3))
        for partitioner in partitioners + [.dirichlet(alpha: 2, minimumPerClient: 4)] {
            XCTAssertEqual(try Partitioner(parsing: partitioner.description), partitioner)
        }
        XCTAssertEqual(Partitioner.dirichlet(alpha: 0.5).description, "dirichlet:0.5")
    }

    func testBadStringsGiveAnErrorNamingTheText() {
        for text in ["", "dirichlet:", "dirichlet:0", "dirichlet:-1", "dirichlet:nan", "dirichlet:abc",
                     "dirichlet:1:0", "dirichlet:1:2:3", "iid:2", "label:1", "shards"] {
            let error = expectError { () throws(PartitionError) in _ = try Partitioner(parsing: text) }
            guard case let .invalidSpecification(named, _) = error?.code else {
                XCTFail("'\(text)' gave \(String(describing: error))")
                continue
            }
            XCTAssertEqual(named, text)
        }
    }

    func testCodableUsesTheStringForm() throws {
        struct Config: Codable, Equatable { var partitioner: Partitioner }
        let json = Data(#"{"partitioner":"dirichlet:0.25"}"#.utf8)
        let config = try JSONDecoder().decode(Config.self, from: json)
        XCTAssertEqual(config, Config(partitioner: .dirichlet(alpha: 0.25)))
        XCTAssertEqual(try JSONDecoder().decode(Config.self, from: JSONEncoder().encode(config)), config)
        XCTAssertThrowsError(try JSONDecoder().decode(Config.self, from: Data(#"{"partitioner":"dirichlet:x"}"#.utf8)))
    }

    /// Mean over clients of the Shannon entropy (bits) of the client's label distribution.
    private func meanLabelEntropy(_ shards: [[Int]]) -> Double {
        let entropies = shards.map { shard -> Double in
            var counts = [Int: Int]()
            for index in shard { counts[labels[index], default: 0] += 1 }
            return counts.values.reduce(0.0) { sum, count in
                let p = Double(count) / Double(shard.count)
                return sum - p * log2(p)
            }
        }
        return entropies.reduce(0, +) / Double(entropies.count)
    }
}
