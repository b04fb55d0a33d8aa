import XCTest
@testable import SeedFLModels

/// The SmolLM2 tokenizer read from the real GGUF file (skipped when the file
/// is absent, failed when `SEEDFL_REQUIRE_ASSETS=1`).
final class TokenizerRealModelTests: XCTestCase {
    func testMetadata() throws {
        let (_, tokenizer) = try GGUFAssetLocator.loaded()
        XCTAssertEqual(tokenizer.vocabularySize, 49152)
        XCTAssertEqual(tokenizer.bosID, 1)
        XCTAssertEqual(tokenizer.eosID, 2)
        XCTAssertEqual(tokenizer.unknownID, 0)
        XCTAssertEqual(tokenizer.paddingID, 2)
        XCTAssertEqual(tokenizer.preTokenizer, .gpt2IndividualDigits)
        XCTAssertEqual(tokenizer.token(1), "<|im_start|>")
        XCTAssertEqual(tokenizer.tokenType(1), .control)
    }

    func testVerbalizerWordsAreSingleTokens() throws {
        let (_, tokenizer) = try GGUFAssetLocator.loaded()
        XCTAssertEqual(tokenizer.encode(" great"), [1109])
        XCTAssertEqual(tokenizer.encode(" terrible"), [13321])
        XCTAssertEqual(tokenizer.encode(" good"), [1123])
        XCTAssertEqual(tokenizer.encode(" bad"), [3309])
        XCTAssertEqual(tokenizer.token(1109), "Ġgreat")
    }

    /// Reference ids for the SmolLM2 vocabulary as Hugging Face's tokenizer
    /// produces them; the splits agree with the hand-derived ones in
    /// `TokenizerPreTokenizerTests` (e.g. the space before "123" is its own
    /// token 216 and each digit is separate).
    func testReferenceEncodings() throws {
        let (_, tokenizer) = try GGUFAssetLocator.loaded()
        let expected: [(String, [Int])] = [
            ("Hello, we can use", [19556, 28, 392, 416, 722]),
            ("The capital of France is", [504, 3575, 282, 4649, 314]),
            ("\n", [198]),
            ("Hello world! 123", [19556, 905, 17, 216, 33, 34, 35]),
            ("Café déjà vu.", [51, 1939, 2756, 32564, 90, 16739, 386, 101, 30]),
            ("  multiple   spaces", [216, 2701, 256, 5600]),
        ]
        for (text, ids) in expected {
            XCTAssertEqual(tokenizer.encode(text), ids, text)
        }
    }

    func testChatTemplateSpecialTokens() throws {
        let (_, tokenizer) = try GGUFAssetLocator.loaded()
        let ids = tokenizer.encode("<|im_start|>user\nIs this review positive?<|im_end|>\n")
        XCTAssertEqual(ids.first, 1)
        XCTAssertEqual(Array(ids.dropFirst()), tokenizer.encode("user\nIs this review positive?") + [2] + tokenizer.encode("\n"))
        XCTAssertFalse(tokenizer.encode("<|im_start|>", parseSpecial: false).contains(1))
        XCTAssertEqual(tokenizer.decode(ids, skipSpecial: true), "user\nIs this review positive?\n")
    }

    func testRoundTrips() throws {
        let (_, tokenizer) = try GGUFAssetLocator.loaded()
        let samples = [
            "", " ", "Hello, world!", "it's", "It's, we've, they'll, I'M", "don't  stop",
            "multiple     spaces   here", "line one\nline two\n\n\nthree", "windows\r\nline\r\n",
            "\ttabs\tand\t\tmore", "digits 0123456789 and 3.14159, 1e-5, -42", "Ünïcödé façade naïve",
            "日本語のテキスト", "Привет, мир", "مرحبا بالعالم", "emoji 🙂👍🏽🇫🇷 family 👨‍👩‍👧",
            "combining e\u{301} and ñ", "math ∑ ∫ √ ≠ ½ ⅓ Ⅻ", "<|im_start|>system\nYou are helpful<|im_end|>",
            "trailing space ", "\u{00A0}nbsp and \u{2003}em space", "\"quotes\" and 'single' `code`",
        ]
        for sample in samples {
            XCTAssertEqual(tokenizer.decode(tokenizer.encode(sample)), sample, sample.debugDescription)
        }
    }

    func testBytesWithoutTokensEncodeAsUnknown() throws {
        let (_, tokenizer) = try GGUFAssetLocator.loaded()
        // SmolLM2's vocabulary has no symbol for the control byte 0x04.
        XCTAssertNil(tokenizer.id(ofToken: ByteLevelAlphabet.symbol(for: 0x04)))
        XCTAssertEqual(tokenizer.encode("a\u{04}"), tokenizer.encode("a") + [0])
    }

    func testTokenizerFromFixtureFileRequiresItsKeys() throws {
        let directory = try GGUFTemporaryDirectory()
        var fixture = GGUFFixture()
        fixture.metadata = [
            ("tokenizer.ggml.model", .string("gpt2")),
            ("tokenizer.ggml.pre", .string("smollm")),
            ("tokenizer.ggml.tokens", .array(typeCode: 8, (0 ... 255).map { .string(ByteLevelAlphabet.symbol(for: UInt8($0))) })),
            ("tokenizer.ggml.merges", .array(typeCode: 8, [])),
            ("tokenizer.ggml.bos_token_id", .u32(0)),
        ]
        let missingEOS = try GGUFFile(path: directory.write(fixture.bytes()))
        XCTAssertThrowsError(try BPETokenizer(gguf: missingEOS)) { error in
            XCTAssertEqual(error as? TokenizerError, .metadata(.missingKey("tokenizer.ggml.eos_token_id")))
        }
        fixture.metadata.append(("tokenizer.ggml.eos_token_id", .u32(0)))
        let tokenizer = try BPETokenizer(gguf: GGUFFile(path: directory.write(fixture.bytes())))
        XCTAssertEqual(tokenizer.encode("ab 12"), [97, 98, 32, 49, 50])

        fixture.metadata[1] = ("tokenizer.ggml.pre", .string("llama-bpe"))
        XCTAssertThrowsError(try BPETokenizer(gguf: GGUFFile(path: directory.write(fixture.bytes())))) { error in
            XCTAssertEqual(error as? TokenizerError, .unsupportedPreTokenizer("llama-bpe"))
        }
    }
}
