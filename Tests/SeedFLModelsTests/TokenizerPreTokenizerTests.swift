import XCTest
@testable import SeedFLModels

/// Expected splits are worked out by hand from llama.cpp's regexes for the
/// `smollm` pre-tokenizer: first `\p{N}` (each digit alone), then
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`
/// (with `\s+` for a lone whitespace scalar before a non-space).
final class TokenizerPreTokenizerTests: XCTestCase {
    private let smol = BPEPreTokenizer.gpt2IndividualDigits

    func testWordsKeepTheirLeadingSpace() {
        XCTAssertEqual(smol.split("Hello world! How are you?"),
                       ["Hello", " world", "!", " How", " are", " you", "?"])
        XCTAssertEqual(smol.split("hello!!! ?"), ["hello", "!!!", " ?"])
    }

    func testDigitsAreSplitIndividuallyAndLoseTheirSpace() {
        XCTAssertEqual(smol.split("Hello world! 123"), ["Hello", " world", "!", " ", "1", "2", "3"])
        XCTAssertEqual(smol.split("x2y"), ["x", "2", "y"])
        XCTAssertEqual(smol.split("3.14"), ["3", ".", "1", "4"])
        // Other numeric categories count as \p{N}: ½ (No) and Ⅻ (Nl).
        XCTAssertEqual(smol.split("½ and Ⅻ"), ["½", " and", " ", "Ⅻ"])
        // Plain GPT-2 keeps number runs with their space.
        XCTAssertEqual(BPEPreTokenizer.gpt2.split("abc 123 x"), ["abc", " 123", " x"])
    }

    func testContractionsAreCaseSensitive() {
        XCTAssertEqual(smol.split("it's don't we've they'll I'm you'd we're"),
                       ["it", "'s", " don", "'t", " we", "'ve", " they", "'ll", " I", "'m", " you", "'d", " we", "'re"])
        XCTAssertEqual(smol.split("IT'S"), ["IT", "'", "S"])
        XCTAssertEqual(smol.split("'hello'"), ["'", "hello", "'"])
    }

    func testWhitespaceRuns() {
        XCTAssertEqual(smol.split("  multiple   spaces"), [" ", " multiple", "  ", " spaces"])
        XCTAssertEqual(smol.split("trailing  "), ["trailing", "  "])
        XCTAssertEqual(smol.split("a\n\nb"), ["a", "\n", "\n", "b"])
        XCTAssertEqual(smol.split("line\r\nnext"), ["line", "\r", "\n", "next"])
        XCTAssertEqual(smol.split("\t\tx"), ["\t", "\t", "x"])
        XCTAssertEqual(smol.split("end.\n"), ["end", ".", "\n"])
        XCTAssertEqual(smol.split(" "), [" "])
        XCTAssertEqual(smol.split(""), [])
    }

    func testNonLatinScriptsAndSymbols() {
        XCTAssertEqual(smol.split("日本語テキスト"), ["日本語テキスト"])
        XCTAssertEqual(smol.split("🙂 ok 👍🏽!"), ["🙂", " ok", " 👍🏽!"])
        XCTAssertEqual(smol.split("Café déjà"), ["Café", " déjà"])
        // A combining accent is a mark (\p{M}), i.e. neither letter nor number.
        XCTAssertEqual(smol.split("e\u{301}t"), ["e", "\u{301}", "t"])
    }

    func testSplitTilesTheInput() {
        let samples = ["a  b\n\n\tc 12 it's", "  ", "\r\n\r\n", "x ½ y", "🙂🙂 a", "'s's 's"]
        for sample in samples {
            XCTAssertEqual(smol.split(sample).joined(), sample)
            XCTAssertEqual(BPEPreTokenizer.gpt2.split(sample).joined(), sample)
        }
    }

    func testASCIIFastPathMatchesUnicodeProperties() {
        for value in UInt8(0) ..< 128 {
            let scalar = Unicode.Scalar(value)
            XCTAssertEqual(PreTokenizerScalarClass(scalar), PreTokenizerScalarClass(byProperties: scalar), "U+\(String(value, radix: 16))")
        }
    }

    func testGGUFNames() {
        XCTAssertEqual(BPEPreTokenizer(ggufName: "smollm"), .gpt2IndividualDigits)
        XCTAssertEqual(BPEPreTokenizer(ggufName: "gpt-2"), .gpt2)
        XCTAssertNil(BPEPreTokenizer(ggufName: "llama-bpe"))
    }
}
