/// Every Prometheus metric SeedFL exports, by name: the one list that docs/operations.md
/// describes. Names follow Prometheus conventions: a `seedfl_` prefix, base units (seconds,
/// bytes), `_total` on counters. Every series carries a `role` label, the role's name in its
/// status file (`broker`, `aggregator-root`, `trainer-3`, `evaluator`, `forwarder`), so the
/// series of a trainer group's members, or of several roles scraped into one database, stay
/// apart; counters count from the process's start, as Prometheus expects.
public enum MetricName {
    // Every role.
    /// Counter {role, reason}: messages refused (a ``DropReason`` raw value).
    public static let messagesDropped = "seedfl_messages_dropped_total"
    /// Counters {role, socket}: payload bytes and messages each socket handed to libzmq and
    /// took from it (``SocketCounters``), and messages it refused for their size.
    public static let socketSentBytes = "seedfl_socket_sent_bytes_total"
    public static let socketReceivedBytes = "seedfl_socket_received_bytes_total"
    public static let socketSentMessages = "seedfl_socket_sent_messages_total"
    public static let socketReceivedMessages = "seedfl_socket_received_messages_total"
    public static let socketRejectedMessages = "seedfl_socket_rejected_messages_total"

    // Broker.
    /// Counter: rounds this broker opened.
    public static let roundsOpened = "seedfl_rounds_opened_total"
    /// Counter: rounds this broker committed to the ledger.
    public static let roundsCommitted = "seedfl_rounds_committed_total"
    /// Counter {reason}: rounds aborted, by the reason the ledger records (`deadline`,
    /// `quorumMissed`, `aggregatorLost`, `broker-restart`).
    public static let roundsAborted = "seedfl_rounds_aborted_total"
    /// Histogram: seconds from a round's ROUND_OPEN to its commit.
    public static let roundDuration = "seedfl_round_duration_seconds"
    /// Gauge: the ledger's latest sequence (committed rounds in the whole run).
    public static let ledgerSequence = "seedfl_ledger_sequence"
    /// Gauge: bytes of the ledger's files (the SQLite database and its write-ahead log).
    public static let ledgerSize = "seedfl_ledger_size_bytes"
    /// Gauge: 1 while the ledger can be written, 0 while it cannot (a full disk).
    public static let ledgerWritable = "seedfl_ledger_writable"
    /// Gauge: the round open now (0: none).
    public static let openRound = "seedfl_open_round"
    /// Gauge: trainers the broker counts live now.
    public static let trainersLive = "seedfl_trainers_live"
    /// Counter: trainers the broker declared dead (silent beyond the liveness window).
    public static let trainersMarkedDead = "seedfl_trainers_marked_dead_total"
    /// Counter and counter of seconds: model snapshots stored in the ledger.
    public static let snapshotsStored = "seedfl_snapshots_stored_total"
    public static let snapshotStoreSeconds = "seedfl_snapshot_store_seconds_total"

    // Aggregators.
    /// Counter: trainer contributions counted into a round.
    public static let contributionsAccepted = "seedfl_contributions_accepted_total"
    /// Counter {reason}: contributions (and partial aggregates) refused, by ``DropReason``.
    public static let contributionsDropped = "seedfl_contributions_dropped_total"
    /// Counter: aggregates sent upstream.
    public static let aggregatesSent = "seedfl_aggregates_sent_total"
    /// Counter: rounds given up without an aggregate.
    public static let roundsGivenUp = "seedfl_rounds_given_up_total"

    // Trainers.
    /// Gauge: sequence of the last commit applied to the trainer's model.
    public static let trainerSequence = "seedfl_trainer_sequence"
    /// Gauge: commits the broker has announced that the trainer has not applied yet.
    public static let trainerLag = "seedfl_trainer_lag_rounds"
    /// Gauge: the last round the trainer was sampled for (0: never).
    public static let trainerSampledRound = "seedfl_trainer_sampled_round"
    /// Counter: contributions sent.
    public static let contributionsSent = "seedfl_contributions_sent_total"
    /// Counter and counter of seconds: catch-ups (history replays until the trainer holds the
    /// broker's latest model again).
    public static let catchUps = "seedfl_trainer_catchups_total"
    public static let catchUpSeconds = "seedfl_trainer_catchup_seconds_total"
    /// Counter and counter of seconds: snapshots downloaded and loaded as the model.
    public static let snapshotsLoaded = "seedfl_trainer_snapshots_loaded_total"
    public static let snapshotLoadSeconds = "seedfl_trainer_snapshot_load_seconds_total"
    /// Counter: forward passes of the model (each loss evaluation of a ZO step).
    public static let forwardPasses = "seedfl_trainer_forward_passes_total"
    /// Histogram: seconds of one round's local computation (K ZO steps of P + 1 passes).
    public static let zoStepDuration = "seedfl_trainer_zo_step_duration_seconds"

    // Evaluator.
    /// Gauges: validation accuracy (0...1) and mean loss at the last evaluated sequence.
    public static let validationAccuracy = "seedfl_validation_accuracy"
    public static let validationLoss = "seedfl_validation_loss"
    /// Gauge: the last sequence the evaluator scored.
    public static let evaluatedSequence = "seedfl_evaluated_sequence"
    /// Counter: evaluations made.
    public static let evaluations = "seedfl_evaluations_total"

    /// Histograms' bucket bounds, in seconds: a logistic-regression round takes milliseconds,
    /// a language-model round tens of seconds.
    public static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]
}
