import XCTest
@testable import SeedFLModels

/// The BPE machinery on small hand-made vocabularies whose correct output is
/// obvious from the merge list.
final class TokenizerBPETests: XCTestCase {
    /// The 256 byte symbols in byte order (ids 0...255), then `extra`.
    private func vocabulary(_ extra: [String]) -> [String] {
        (0 ... 255).map { ByteLevelAlphabet.symbol(for: UInt8($0)) } + extra
    }

    func testByteAlphabetIsGPT2s() {
        XCTAssertEqual(ByteLevelAlphabet.symbol(for: 0x20), "Ġ")
        XCTAssertEqual(ByteLevelAlphabet.symbol(for: 0x0A), "Ċ")
        XCTAssertEqual(ByteLevelAlphabet.symbol(for: 0x00), "\u{100}")
        XCTAssertEqual(ByteLevelAlphabet.symbol(for: 0x7F), "\u{121}")
        XCTAssertEqual(ByteLevelAlphabet.symbol(for: 0xAD), "\u{143}")
        XCTAssertEqual(ByteLevelAlphabet.symbol(for: 0x41), "A")
        XCTAssertEqual(ByteLevelAlphabet.symbol(for: 0xE9), "é")
        XCTAssertEqual(Set((0 ... 255).map { ByteLevelAlphabet.symbol(for: UInt8($0)) }).count, 256)
        XCTAssertEqual(ByteLevelAlphabet.bytes(of: "ĠhelloĊ"), Array(" hello\n".utf8))
    }

    func testMergesApplyInRankOrder() throws {
        let tokens = vocabulary(["ab", "bc"])
        let abFirst = try BPETokenizer(tokens: tokens, merges: ["a b", "b c"], bosID: 0, eosID: 0)
        XCTAssertEqual(abFirst.encode("abc"), [256, 99])
        let bcFirst = try BPETokenizer(tokens: tokens, merges: ["b c", "a b"], bosID: 0, eosID: 0)
        XCTAssertEqual(bcFirst.encode("abc"), [97, 257])
    }

    func testEqualRanksMergeLeftmostFirstAndChain() throws {
        let tokens = vocabulary(["aa", "he", "ll", "llo", "hello", "Ġw"])
        let tokenizer = try BPETokenizer(
            tokens: tokens, merges: ["a a", "h e", "l l", "ll o", "he llo", "Ġ w"], bosID: 0, eosID: 0)
        XCTAssertEqual(tokenizer.encode("aaa"), [256, 97])
        XCTAssertEqual(tokenizer.encode("hello"), [260])
        XCTAssertEqual(tokenizer.encode("hello wo"), [260, 261, 111])
        XCTAssertEqual(tokenizer.decode([260, 261, 111]), "hello wo")
        // Repeated words come from the cache; the answer must not change.
        XCTAssertEqual(tokenizer.encode("hello hello hello"), [260, 32, 260, 32, 260])
    }

    func testSpecialTokensAreAtomic() throws {
        var tokens = vocabulary(["<|s|>", "<|s|>x", "hi"])
        tokens.append("<|e|>")
        var types = Array(repeating: TokenType.normal, count: tokens.count)
        types[256] = .control
        types[257] = .userDefined
        types[259] = .control
        let tokenizer = try BPETokenizer(tokens: tokens, merges: ["h i"], tokenTypes: types, bosID: 256, eosID: 259)

        XCTAssertEqual(tokenizer.encode("<|s|>hi<|e|>"), [256, 258, 259])
        XCTAssertEqual(tokenizer.encode("<|s|>x"), [257], "the longest special token wins")
        XCTAssertEqual(tokenizer.encode("hi", addBOS: true), [256, 258])
        let spelled = tokenizer.encode("<|s|>hi", parseSpecial: false)
        XCTAssertEqual(spelled.count, 6)
        XCTAssertFalse(spelled.contains(256))
        XCTAssertEqual(tokenizer.decode(spelled), "<|s|>hi")
        XCTAssertEqual(tokenizer.decode([256, 258, 259]), "<|s|>hi<|e|>")
        XCTAssertEqual(tokenizer.decode([256, 258, 259], skipSpecial: true), "hi")
        XCTAssertEqual(tokenizer.decode([258, 9999, -1]), "hi\u{FFFD}\u{FFFD}")
        XCTAssertEqual(tokenizer.token(258), "hi")
        XCTAssertNil(tokenizer.token(260))
        XCTAssertEqual(tokenizer.tokenType(256), .control)
        XCTAssertEqual(tokenizer.id(ofToken: "hi"), 258)
        XCTAssertEqual(tokenizer.vocabularySize, 260)
    }

    func testMissingByteTokensUseTheUnknownToken() throws {
        var tokens = vocabulary(["<unk>"])
        tokens[4] = "<unused>"  // byte 0x04 has no symbol now
        let tokenizer = try BPETokenizer(tokens: tokens, merges: [], bosID: 0, eosID: 0, unknownID: 256)
        XCTAssertEqual(tokenizer.encode("a\u{04}b"), [97, 256, 98])

        XCTAssertThrowsError(try BPETokenizer(tokens: tokens, merges: [], bosID: 0, eosID: 0)) { error in
            XCTAssertEqual(error as? TokenizerError, .missingByteToken(byte: 4, symbol: ByteLevelAlphabet.symbol(for: 4)))
        }
    }

    func testInconsistentVocabulariesAreRejected() {
        let tokens = vocabulary(["ab"])
        func rejects(_ expected: TokenizerError, merges: [String] = [], tokens: [String]? = nil,
                     types: [TokenType]? = nil, bos: Int = 0, line: UInt = #line) {
            XCTAssertThrowsError(try BPETokenizer(tokens: tokens ?? vocabulary(["ab"]), merges: merges,
                                                  tokenTypes: types, bosID: bos, eosID: 0), line: line) { error in
                XCTAssertEqual(error as? TokenizerError, expected, line: line)
            }
        }
        rejects(.mergeReferencesUnknownToken(index: 1, rule: "x q", token: "xq"), merges: ["a b", "x q"])
        rejects(.mergeReferencesUnknownToken(index: 0, rule: "ab zz", token: "zz"), merges: ["ab zz"])
        rejects(.malformedMerge(index: 0, rule: "abc"), merges: ["abc"])
        rejects(.malformedMerge(index: 0, rule: "a "), merges: ["a "])
        rejects(.duplicateToken("a", firstID: 97, secondID: 257), tokens: tokens + ["a"])
        rejects(.tokenTypeCountMismatch(tokens: 257, types: 1), types: [.normal])
        rejects(.specialTokenOutOfRange(role: "bos", id: 257), bos: 257)
        rejects(.invalidVocabularySize(0), tokens: [])
    }
}
