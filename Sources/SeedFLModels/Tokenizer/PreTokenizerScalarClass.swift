/// The character classes the GPT-2 pre-tokenizer regex distinguishes.
enum PreTokenizerScalarClass: Equatable {
    /// `\p{L}`: general categories Lu, Ll, Lt, Lm, Lo.
    case letter
    /// `\p{N}`: general categories Nd, Nl, No.
    case number
    /// `\s`: the Unicode `White_Space` property.
    case whitespace
    /// Everything else (punctuation, symbols, marks, controls that are not
    /// white space): `[^\s\p{L}\p{N}]`.
    case other

    /// Classifies `scalar`, with an ASCII fast path because almost all input
    /// text is ASCII and the general Unicode property lookup is slower.
    @inline(__always)
    init(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        if v < 0x80 {
            switch v {
            case 0x41 ... 0x5A, 0x61 ... 0x7A: self = .letter
            case 0x30 ... 0x39: self = .number
            // The ASCII members of White_Space: \t \n \v \f \r and space.
            case 0x09 ... 0x0D, 0x20: self = .whitespace
            default: self = .other
            }
            return
        }
        self.init(byProperties: scalar)
    }

    /// Classifies `scalar` from its Unicode properties alone (the definition;
    /// the ASCII fast path above must agree with it).
    init(byProperties scalar: Unicode.Scalar) {
        let properties = scalar.properties
        if properties.isWhitespace {
            self = .whitespace
            return
        }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            self = .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .number
        default:
            self = .other
        }
    }
}
