import SeedFLData
import XCTest

final class BatchSamplerTests: XCTestCase {
    private let shard = Array(stride(from: 3, to: 3_000, by: 3))   // 999 example indices

    func testBatchIsAFunctionOfItsInputs() throws {
        let sampler = try BatchSampler(shard: shard, batchSize: 32)
        let copy = try BatchSampler(shard: shard, batchSize: 32)
        let batch = sampler.batch(runSeed: 1, round: 10, client: 2, step: 0)
        XCTAssertEqual(batch, copy.batch(runSeed: 1, round: 10, client: 2, step: 0))
        XCTAssertEqual(batch, sampler.batch(runSeed: 1, round: 10, client: 2, step: 0))
        for other in [
            sampler.batch(runSeed: 2, round: 10, client: 2, step: 0),
            sampler.batch(runSeed: 1, round: 11, client: 2, step: 0),
            sampler.batch(runSeed: 1, round: 10, client: 3, step: 0),
            sampler.batch(runSeed: 1, round: 10, client: 2, step: 1),
        ] {
            XCTAssertNotEqual(batch, other)
        }
    }

    func testBatchHasNoDuplicatesAndComesFromTheShard() throws {
        let sampler = try BatchSampler(shard: shard, batchSize: 64)
        let members = Set(shard)
        for step in 0..<200 as Range<UInt64> {
            let batch = sampler.batch(runSeed: 9, round: step / 4, client: 1, step: step % 4)
            XCTAssertEqual(batch.count, 64)
            XCTAssertEqual(Set(batch).count, 64, "duplicate in step \(step)")
            XCTAssertTrue(members.isSuperset(of: batch))
        }
    }

    func testEveryExampleIsDrawnAboutEquallyOften() throws {
        // 10 examples, batches of 3, 30,000 batches: each is drawn 9,000 times in
        // expectation (sd about 79), so +-600 catches any positional bias.
        let sampler = try BatchSampler(shard: Array(0..<10), batchSize: 3)
        var counts = [Int](repeating: 0, count: 10)
        for round in 0..<30_000 as Range<UInt64> {
            for index in sampler.batch(runSeed: 4, round: round, client: 0, step: 0) { counts[index] += 1 }
        }
        for count in counts { XCTAssertEqual(Double(count), 9_000, accuracy: 600) }
    }

    func testSmallShardGivesTheWholeShard() throws {
        let sampler = try BatchSampler(shard: [7, 2, 5], batchSize: 32)
        XCTAssertEqual(sampler.batch(runSeed: 1, round: 2, client: 3, step: 4), [7, 2, 5])
        let exact = try BatchSampler(shard: [7, 2, 5], batchSize: 3)
        XCTAssertEqual(exact.batch(runSeed: 1, round: 2, client: 3, step: 4), [7, 2, 5])
    }

    func testBadShardsAndSizesAreRefused() {
        XCTAssertEqual(
            expectError { () throws(BatchSamplerError) in _ = try BatchSampler(shard: [], batchSize: 4) },
            BatchSamplerError(code: .emptyShard))
        XCTAssertEqual(
            expectError { () throws(BatchSamplerError) in _ = try BatchSampler(shard: [1, 2, 1], batchSize: 4) },
            BatchSamplerError(code: .duplicateIndex(1)))
        XCTAssertEqual(
            expectError { () throws(BatchSamplerError) in _ = try BatchSampler(shard: [1], batchSize: 0) },
            BatchSamplerError(code: .invalidBatchSize(0)))
    }
}
