/// The ledger cannot be written (a full disk, an I/O error): what went wrong and since when.
///
/// The broker reports it in its status (`storage_error`, `storage_error_seconds`), `seedfl up`
/// prints it in every progress line and fails with it when the run cannot finish, and the
/// broker keeps retrying: once space comes back, the next write clears it and the run goes on.
struct StorageFault {
    /// The latest ledger error.
    var message: String
    /// When the first of the current streak of failures happened.
    let since: ContinuousClock.Instant

    /// Whole seconds the ledger has been unwritable at `now`.
    func seconds(at now: ContinuousClock.Instant) -> Int { Int((now - since).components.seconds) }
}
