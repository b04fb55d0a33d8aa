import SeedFLCore

/// One committed round as a single line of JSON, exact to the bit.
///
/// Every float appears twice: as a JSON number (shortest decimal that round-trips, for
/// humans and tools) and as its IEEE-754 bits in 8 lowercase hex digits (`*_bits` keys, for
/// exact comparison). A non-finite float, which JSON cannot express, is `null` as a number;
/// its bits still say exactly what it is. Integers, including 64-bit seeds, are written as
/// exact decimal integers. Keys always appear in the same order, so equal ledgers export
/// byte-identical text.
public enum RoundJSON {
    /// The JSON object for `round`, without a trailing newline.
    public static func line(for round: CommittedRound) -> String {
        var out = "{"
        out += "\"sequence\":\(round.sequence),"
        out += "\"round\":\(round.round),"
        out += "\"seed\":\(round.seed),"
        out += "\"steps\":\(round.steps),"
        out += "\"perturbations\":\(round.perturbations),"
        out += "\"learning_rate\":\(number(round.learningRate)),"
        out += "\"learning_rate_bits\":\"\(hex(round.learningRate))\","
        out += "\"scalars\":\(numbers(round.scalars)),"
        out += "\"scalars_bits\":\(hexes(round.scalars)),"
        out += "\"contributors\":[\(round.contributors.map(String.init).joined(separator: ","))],"
        out += "\"mean_loss\":\(number(round.meanLoss)),"
        out += "\"mean_loss_bits\":\"\(hex(round.meanLoss))\","
        if let dense = round.dense {
            out += "\"dense\":\(numbers(dense)),"
            out += "\"dense_bits\":\(hexes(dense))"
        } else {
            out += "\"dense\":null,\"dense_bits\":null"
        }
        out += "}"
        return out
    }

    /// Swift's `description` of a finite Float is the shortest decimal that parses back to the
    /// same bits, and its forms ("1.0", "-0.0", "1e-45", "3.4028235e+38") are valid JSON numbers.
    static func number(_ value: Float) -> String {
        value.isFinite ? value.description : "null"
    }

    /// The IEEE-754 bits of `value` as 8 lowercase hex digits (the `*_bits` form).
    public static func hex(_ value: Float) -> String {
        let digits = String(value.bitPattern, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func numbers(_ values: [Float]) -> String {
        "[" + values.map(number).joined(separator: ",") + "]"
    }

    private static func hexes(_ values: [Float]) -> String {
        "[" + values.map { "\"\(hex($0))\"" }.joined(separator: ",") + "]"
    }
}
