/// The ledger's `replay_settings`: the values a replayer needs besides the rounds (optimiser,
/// estimator, K, P, trainable layout, base-model hash), as one canonical JSON text written by
/// the run's first writer. The store does not interpret it; docs/determinism.md (section 11)
/// defines its keys.
extension Ledger {
    /// The stored replay settings, or nil for a ledger written before they were recorded.
    public func replaySettings() throws -> String? {
        try connection.readTransaction { try Ledger.metaValue(connection, LedgerSchema.replaySettingsKey) }
    }

    /// Stores `settings` when the ledger has none yet; refuses settings that differ from the
    /// stored ones, since a replay under other settings rebuilds a model nobody trained.
    ///
    /// - Throws: `.runMismatch` naming both texts; `.invalidArgument` for an empty text.
    func stampReplaySettings(_ settings: String) throws {
        guard !settings.isEmpty else {
            throw LedgerError(.invalidArgument, "replay settings must not be empty", path: path)
        }
        let connection = try writableConnection()
        try connection.writeTransaction {
            if let stored = try Ledger.metaValue(connection, LedgerSchema.replaySettingsKey) {
                guard stored == settings else {
                    throw LedgerError(.runMismatch,
                                      "the ledger was written with replay settings \(stored), this process has \(settings)",
                                      path: path)
                }
                return
            }
            try connection.withStatement("INSERT INTO meta (key, value) VALUES (?, ?)") { statement in
                try statement.bind(1, LedgerSchema.replaySettingsKey)
                try statement.bind(2, settings)
                try statement.run()
            }
        }
    }
}
