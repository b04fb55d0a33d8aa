import Foundation
import SeedFLCore
import SeedFLModels
import XCTest

/// Training only the top blocks lets a classifier start every pass above the frozen ones from a
/// per-example cache. The cache must be invisible: the same losses, bit for bit, as recomputing
/// the frozen blocks, for every trainable set, perturbed or not, in both splits, whatever was
/// evaluated before.
final class FrozenPrefixTests: XCTestCase {
    let key = PerturbationKey(seed: 0xBEEF, step: 0, perturbation: 3)

    private func losses(_ model: LanguageModelClassifier, _ x: [Float]) -> [UInt64] {
        let perturbation = Perturbation(key: key, scale: 1e-2)
        return [
            model.loss(at: x, perturbation: nil, examples: [0, 3, 1]).bitPattern,
            model.loss(at: x, perturbation: perturbation, examples: [3, 2]).bitPattern,
            model.evaluate(at: x, examples: [1, 0, 2]).loss.bitPattern,
            // The second time round, every stream of the cached model comes from its cache.
            model.loss(at: x, perturbation: perturbation, examples: [3, 2]).bitPattern,
            model.loss(at: x, perturbation: nil, examples: [1]).bitPattern,
        ]
    }

    private func checkCachedEqualsUncached(_ trainable: TrainableTensors, blocks: Int, file: StaticString = #filePath,
                                           line: UInt = #line) throws {
        let cached = try LanguageModelAssets.classifier(trainable, count: 2, blocks: blocks)
        let uncached = try LanguageModelAssets.classifier(trainable, count: 2, blocks: blocks, cache: false)
        XCTAssertEqual(cached.frozenPrefixBlocks, 30 - blocks, file: file, line: line)
        var x = cached.initialParameters()
        // Move x off the base so that a stale or misplaced stream would show.
        for i in x.indices { x[i] += 0.01 * Float(i % 7) - 0.03 }
        let a = losses(cached, x)
        XCTAssertEqual(a, losses(uncached, x), file: file, line: line)
        XCTAssertEqual(a, losses(cached, x), "the cache is reused, not refilled", file: file, line: line)
        let size = cached.frozenPrefixCacheSize
        XCTAssertEqual([size.training, size.evaluation], [4, 3], file: file, line: line)
        XCTAssertEqual(uncached.frozenPrefixCacheSize.floats, 0, file: file, line: line)
        // Different examples give different losses: the cache is keyed by example and split.
        XCTAssertNotEqual(cached.loss(at: x, perturbation: nil, examples: [0]),
                          cached.loss(at: x, perturbation: nil, examples: [1]), file: file, line: line)
    }

    func testCachedNormsOfTheTopBlocksEqualRecomputation() throws {
        try checkCachedEqualsUncached(.norms, blocks: 2)
    }

    func testCachedFinalNormAloneEqualsRecomputation() throws {
        try checkCachedEqualsUncached(.norms, blocks: 0)
    }

    func testCachedLoRAOfTheTopBlocksEqualsRecomputation() throws {
        try checkCachedEqualsUncached(.lora(LoRAOptions(rank: 2, alpha: 4, targets: [.q, .v, .down])), blocks: 1)
    }

    func testCachedIA3OfTheTopBlocksEqualsRecomputation() throws {
        try checkCachedEqualsUncached(.ia3, blocks: 2)
    }

    func testCachedFullTopBlockEqualsRecomputation() throws {
        try checkCachedEqualsUncached(.full, blocks: 1)
    }

    func testTopBlocksSelectOnlyThoseTensors() throws {
        let top2 = try LanguageModelAssets.classifier(.norms, count: 1, blocks: 2)
        XCTAssertEqual(top2.space.dimension, 5 * 576, "two blocks' attention and FFN norms and the final norm")
        XCTAssertEqual(Set(top2.space.trainable), ["blk.28.attn_norm.weight", "blk.28.ffn_norm.weight",
                                                   "blk.29.attn_norm.weight", "blk.29.ffn_norm.weight",
                                                   "output_norm.weight"])
        let head = try LanguageModelAssets.classifier(.norms, count: 1, blocks: 0)
        XCTAssertEqual(head.space.trainable, ["output_norm.weight"])
        let fullTop = try LanguageModelAssets.classifier(.full, count: 1, blocks: 1)
        XCTAssertFalse(fullTop.space.trainable.contains("token_embd.weight"), "the embedding sits below every block")
        XCTAssertTrue(fullTop.space.trainable.contains("blk.29.ffn_down.weight"))
        XCTAssertFalse(fullTop.space.trainable.contains("blk.28.ffn_down.weight"))
        // Training a bottom tensor leaves nothing frozen below it to cache.
        XCTAssertNil(try LanguageModelAssets.classifier(.norms, count: 1).frozenPrefixBlocks)
        XCTAssertNil(try LanguageModelAssets.classifier(.full, count: 1).frozenPrefixBlocks)
        XCTAssertThrowsError(try LanguageModelAssets.classifier(.norms, count: 1, blocks: 31))
        XCTAssertThrowsError(try LanguageModelAssets.classifier(.lora(LoRAOptions()), count: 1, blocks: 0),
                             "LoRA on no block adapts nothing")
    }

    func testInitialTopBlockModelIsTheBaseModel() throws {
        // Starting above the frozen blocks changes no loss of the base model beyond the
        // rounding of a differently shaped product (the prefix runs one sequence at a time).
        let all = try LanguageModelAssets.classifier(.norms, count: 2)
        let top = try LanguageModelAssets.classifier(.norms, count: 2, blocks: 2)
        let a = all.loss(at: all.initialParameters(), perturbation: nil, examples: [0, 1, 2, 3])
        let b = top.loss(at: top.initialParameters(), perturbation: nil, examples: [0, 1, 2, 3])
        XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(a)))
    }
}
