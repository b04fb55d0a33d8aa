import SeedFLCore

/// Maps a `CommittedRound` to a `rounds` row and back, bit for bit.
///
/// Reading never traps on what the file holds: every column's type, every blob's length and
/// every `RoundValidation` invariant is checked, and a bad row becomes `.corruptRecord` naming
/// the sequence number and the problem.
enum RoundRowCodec {
    static let insertSQL = """
        INSERT INTO rounds (\(LedgerSchema.roundColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Binds `round` to the parameters of `insertSQL`. The caller has validated it.
    static func bind(_ round: CommittedRound, to statement: SQLiteStatement) throws {
        try statement.bind(1, Int64(round.sequence))
        try statement.bind(2, Int64(round.round))
        try statement.bind(3, Int64(bitPattern: round.seed))
        try statement.bind(4, Int64(round.steps))
        try statement.bind(5, Int64(round.perturbations))
        try statement.bind(6, Int64(round.learningRate.bitPattern))
        try statement.bind(7, blob: LittleEndianBlob.bytes(of: round.scalars))
        try statement.bind(8, blob: LittleEndianBlob.bytes(of: round.contributors))
        try statement.bind(9, Int64(round.meanLoss.bitPattern))
        if let dense = round.dense {
            try statement.bind(10, blob: LittleEndianBlob.bytes(of: dense))
        } else {
            try statement.bindNull(10)
        }
    }

    /// Decodes the current row of a statement that selected `LedgerSchema.roundColumns`.
    static func decode(_ row: SQLiteStatement, path: String) throws -> CommittedRound {
        let rowID = row.type(0) == .integer ? "sequence \(row.int64(0))" : "a row with a non-integer sequence"
        func corrupt(_ problem: String) -> LedgerError {
            LedgerError(.corruptRecord, "\(rowID): \(problem)", path: path)
        }
        func integer(_ column: Int32, _ name: String) throws -> Int64 {
            guard row.type(column) == .integer else { throw corrupt("column \(name) is not an integer") }
            return row.int64(column)
        }
        func floatBits(_ column: Int32, _ name: String) throws -> Float {
            let value = try integer(column, name)
            guard let bits = UInt32(exactly: value) else { throw corrupt("column \(name) holds \(value), not float32 bits") }
            return Float(bitPattern: bits)
        }
        func floats(_ column: Int32, _ name: String) throws -> [Float] {
            guard row.type(column) == .blob else { throw corrupt("column \(name) is not a BLOB") }
            guard let values = row.withBlob(column, LittleEndianBlob.floats) else {
                throw corrupt("column \(name) length is not a multiple of 4 bytes")
            }
            return values
        }

        let sequence = try integer(0, "sequence")
        let roundNumber = try integer(1, "round")
        guard sequence >= 1, roundNumber >= 1 else { throw corrupt("sequence or round number below 1") }
        let seed = try integer(2, "seed")
        let steps = try integer(3, "steps")
        let perturbations = try integer(4, "perturbations")
        guard let stepCount = Int(exactly: steps), let perturbationCount = Int(exactly: perturbations) else {
            throw corrupt("steps or perturbations out of range")
        }
        let learningRate = try floatBits(5, "learning_rate_bits")
        let scalars = try floats(6, "scalars")
        guard row.type(7) == .blob else { throw corrupt("column contributors is not a BLOB") }
        guard let contributors = row.withBlob(7, LittleEndianBlob.words) else {
            throw corrupt("column contributors length is not a multiple of 4 bytes")
        }
        let meanLoss = try floatBits(8, "mean_loss_bits")
        let dense: [Float]? = row.type(9) == .null ? nil : try floats(9, "dense")

        let round = CommittedRound(
            sequence: UInt64(sequence), round: UInt64(roundNumber), seed: UInt64(bitPattern: seed),
            steps: stepCount, perturbations: perturbationCount, learningRate: learningRate,
            scalars: scalars, contributors: contributors, meanLoss: meanLoss, dense: dense)
        if let problem = RoundValidation.problem(in: round) { throw corrupt(problem) }
        return round
    }
}
