import Yams

extension Endpoint {
    /// A string (bind = connect) or a mapping `{ bind: ..., connect: ... }`.
    static func parse(_ f: inout YAMLFields, _ key: String, default value: String) throws(ConfigError) -> Endpoint {
        guard let node = f.node(key) else { return Endpoint(value) }
        if case .scalar(let s) = node { return try checked(Endpoint(s.string), f, key) }
        var m = try YAMLFields(node, file: f.file, path: f.field(key))
        let bind = try m.string("bind", default: "")
        let connect = try m.string("connect", default: bind)
        try m.rejectUnknownKeys()
        if bind.isEmpty { throw m.error("bind", "is required") }
        return try checked(Endpoint(bind: bind, connect: connect), f, key)
    }

    private static func checked(_ e: Endpoint, _ f: YAMLFields, _ key: String) throws(ConfigError) -> Endpoint {
        for address in [e.bind, e.connect] {
            let ok = ["ipc://", "tcp://", "inproc://"].contains { address.hasPrefix($0) } && address.count > 8
            if !ok { throw f.error(key, "'\(address)' is not an ipc://, tcp:// or inproc:// endpoint") }
        }
        return e
    }
}

extension Deployment {
    /// Reads the `deployment:` section (absent: ``localIPC(runDirectory:)``) and checks it
    /// against the run (trainer ids, aggregation rule).
    static func parse(_ f: inout YAMLFields, name: String, run: RunConfig) throws(ConfigError) -> Deployment {
        var d = Deployment.localIPC(runDirectory: "runs/\(name)")
        d.runDirectory = try f.string("run_dir", default: d.runDirectory)
        d.checkpointEvery = try f.int("checkpoint_every", default: d.checkpointEvery)
        if d.checkpointEvery < 1 { throw f.error("checkpoint_every", "must be at least 1") }
        // With a seed pool, catching up costs at most pool * K * P directions whatever the lag,
        // and a snapshot (parameters alone, without the pool's coefficients) could not be
        // continued: snapshots are off.
        let pooled = run.zo.optimizer.seedPool != nil
        d.snapshotLag = try f.int("snapshot_lag", default: pooled ? 0 : d.snapshotLag)
        if d.snapshotLag < 0 { throw f.error("snapshot_lag", "must be 0 (never) or a number of rounds >= 1") }
        if pooled && d.snapshotLag != 0 {
            throw f.error("snapshot_lag", "must be 0 with run.zo.seed_pool (a pooled trainer catches up from history alone)")
        }
        d.trainersPerProcess = try f.int("trainers_per_process", default: d.trainersPerProcess)
        if d.trainersPerProcess < 1 { throw f.error("trainers_per_process", "must be at least 1") }
        d.statusMilliseconds = try f.int("status_ms", default: d.statusMilliseconds)
        if d.statusMilliseconds < 10 { throw f.error("status_ms", "must be at least 10 (milliseconds)") }
        if f.node("trainer_data") != nil {
            let pattern = try f.string("trainer_data", default: "")
            guard pattern.contains("{id}") else {
                throw f.error("trainer_data", "must contain {id}, which stands for each trainer's id (got '\(pattern)')")
            }
            guard run.model.kind != .synthetic else {
                throw f.error("trainer_data", "the synthetic model has no data files (its examples come from the run seed)")
            }
            d.trainerData = pattern
        }
        if f.node("evaluation_data") != nil {
            guard run.model.kind != .synthetic else {
                throw f.error("evaluation_data", "the synthetic model has no data files (its examples come from the run seed)")
            }
            d.evaluationData = try f.string("evaluation_data", default: "")
        }

        var b = try f.section("broker")
        d.broker.publish = try Endpoint.parse(&b, "publish", default: d.broker.publish.bind)
        d.broker.control = try Endpoint.parse(&b, "control", default: d.broker.control.bind)
        d.broker.aggregates = try Endpoint.parse(&b, "aggregates", default: d.broker.aggregates.bind)
        d.broker.roundTimeoutMilliseconds = try b.int("round_timeout_ms", default: d.broker.roundTimeoutMilliseconds)
        d.broker.heartbeatMilliseconds = try b.int("heartbeat_ms", default: d.broker.heartbeatMilliseconds)
        d.broker.liveness = try b.int("liveness", default: d.broker.liveness)
        d.broker.minimumTrainers = try b.int("min_trainers", default: d.broker.minimumTrainers)
        d.broker.historyChunk = try b.int("history_chunk", default: d.broker.historyChunk)
        d.broker.snapshotEvery = try b.int("snapshot_every", default: d.broker.snapshotEvery)
        d.broker.metrics = try MetricsListen.parse(&b)
        if d.broker.roundTimeoutMilliseconds < 10 { throw b.error("round_timeout_ms", "must be at least 10") }
        if d.broker.heartbeatMilliseconds < 10 { throw b.error("heartbeat_ms", "must be at least 10") }
        if d.broker.liveness < 1 { throw b.error("liveness", "must be at least 1") }
        if d.broker.minimumTrainers < 0 || d.broker.minimumTrainers > run.clients {
            throw b.error("min_trainers", "must be in 0...clients (\(run.clients))")
        }
        if !(1...4096).contains(d.broker.historyChunk) { throw b.error("history_chunk", "must be in 1...4096") }
        if d.broker.snapshotEvery < 0 { throw b.error("snapshot_every", "must be 0 (off) or a number of commits >= 1") }
        if d.broker.snapshotEvery > 0 && run.privateSeedShift {
            throw b.error("snapshot_every", "must be 0 with run.seed_shift: private: a snapshot is the model, which the "
                          + "broker cannot (and must not) build without the trainers' secret; trainers catch up from history")
        }
        if d.broker.snapshotEvery > 0 && pooled {
            throw b.error("snapshot_every", "must be 0 with run.zo.seed_pool: trainers catch up from history, "
                          + "at most pool * K * P directions whatever the lag")
        }
        try b.rejectUnknownKeys()

        if let node = f.node("forwarder") {
            var fw = try YAMLFields(node, file: f.file, path: f.field("forwarder"))
            let backend = try Endpoint.parse(&fw, "backend", default: "ipc://@RUN/fwd-out")
            let metrics = try MetricsListen.parse(&fw)
            try fw.rejectUnknownKeys()
            d.forwarder = ForwarderDeployment(backend: backend, metrics: metrics)
        }

        if let node = f.node("aggregators") {
            guard case .sequence(let items) = node, !items.isEmpty else {
                throw f.error("aggregators", "expected a non-empty list")
            }
            d.aggregators = []
            for (i, item) in items.enumerated() {
                var a = try YAMLFields(item, file: f.file, path: f.field("aggregators[\(i)]"))
                let name = try a.string("name", default: "aggregator\(i)")
                let contributions = try Endpoint.parse(&a, "contributions", default: "ipc://@RUN/contrib-\(name)")
                let upstream = try a.string("upstream", default: "broker")
                let quorumText = try a.string("quorum", default: "all")
                let quorum: Quorum
                do { quorum = try Quorum(parsing: quorumText) } catch { throw a.error("quorum", error.message) }
                var trainers: [Int] = []
                if let t = a.node("trainers") {
                    guard case .sequence(let ids) = t else { throw a.error("trainers", "expected a list of trainer ids") }
                    // Ids, or ranges such as 0-249 (a thousand trainers are not listed one by one).
                    for id in ids {
                        if let v = id.int, (0..<run.clients).contains(v) {
                            trainers.append(v)
                        } else if let text = id.string, text.contains("-"),
                                  let range = try? TrainerIDs.parse(text, clients: run.clients) {
                            trainers += range.map { Int($0) }
                        } else {
                            throw a.error("trainers", "'\(id.string ?? "?")' is not a trainer id in 0..<\(run.clients) "
                                          + "or a range of them such as 0-249")
                        }
                    }
                }
                let metrics = try MetricsListen.parse(&a)
                try a.rejectUnknownKeys()
                d.aggregators.append(AggregatorDeployment(name: name, contributions: contributions, upstream: upstream,
                                                          quorum: quorum, trainers: trainers, metrics: metrics))
            }
        }
        var evaluator = try f.section("evaluator")
        d.evaluatorMetrics = try MetricsListen.parse(&evaluator)
        try evaluator.rejectUnknownKeys()
        var trainers = try f.section("trainers")
        d.trainerMetrics = try MetricsListen.parse(&trainers)
        try trainers.rejectUnknownKeys()
        try f.rejectUnknownKeys()
        try d.validateTree(file: f.file, run: run)
        try d.validateMetricsPorts(file: f.file, clients: run.clients)
        return d
    }

    private func validateTree(file: String, run: RunConfig) throws(ConfigError) {
        func fail(_ field: String, _ message: String) -> ConfigError {
            ConfigError(file: file, field: "deployment.\(field)", message: message)
        }
        let names = aggregators.map(\.name)
        if Set(names).count != names.count { throw fail("aggregators", "aggregator names must be unique") }
        let roots = aggregators.filter { $0.upstream == "broker" }
        if roots.count != 1 { throw fail("aggregators", "exactly one aggregator must have upstream: broker (found \(roots.count))") }
        for (i, a) in aggregators.enumerated() where a.upstream != "broker" {
            guard names.contains(a.upstream), a.upstream != a.name else {
                throw fail("aggregators[\(i)].upstream", "'\(a.upstream)' is neither broker nor another aggregator")
            }
            // Walk up: a cycle never reaches the broker.
            var seen: Set<String> = [a.name]
            var next = a.upstream
            while next != "broker" {
                if !seen.insert(next).inserted { throw fail("aggregators[\(i)].upstream", "aggregators form a cycle") }
                next = aggregators.first { $0.name == next }?.upstream ?? "broker"
            }
        }
        var assigned: [Int: String] = [:]
        for a in aggregators {
            for t in a.trainers {
                if let other = assigned[t] { throw fail("aggregators", "trainer \(t) is assigned to both \(other) and \(a.name)") }
                assigned[t] = a.name
            }
        }
        for id in 0..<run.clients where aggregator(forTrainer: id) == nil {
            throw fail("aggregators", "trainer \(id) has no aggregator to push to")
        }
    }
}

extension Deployment {
    /// Two processes of one host cannot listen on one port: every configured metrics port
    /// (trainers: the port plus every trainer id) must differ from the others on its host.
    fileprivate func validateMetricsPorts(file: String, clients: Int) throws(ConfigError) {
        var single: [(field: String, listen: MetricsListen)] = []
        if let m = broker.metrics { single.append(("deployment.broker.metrics.listen", m)) }
        if let m = forwarder?.metrics { single.append(("deployment.forwarder.metrics.listen", m)) }
        if let m = evaluatorMetrics { single.append(("deployment.evaluator.metrics.listen", m)) }
        for (i, a) in aggregators.enumerated() {
            if let m = a.metrics { single.append(("deployment.aggregators[\(i)].metrics.listen", m)) }
        }
        var owner: [MetricsListen: String] = [:]
        for (field, listen) in single where listen.port != 0 {
            if let other = owner[listen] {
                throw ConfigError(file: file, field: field, message: "\(listen) is also \(other)")
            }
            owner[listen] = field
        }
        guard let base = trainerMetrics, base.port != 0 else { return }
        let last = base.port + clients - 1
        if last > 65_535 {
            throw ConfigError(file: file, field: "deployment.trainers.metrics.listen",
                              message: "trainer ports \(base.port)...\(last) go beyond 65535")
        }
        for (listen, other) in owner where listen.host == base.host && (base.port...last).contains(listen.port) {
            throw ConfigError(file: file, field: "deployment.trainers.metrics.listen",
                              message: "trainer ports \(base.port)...\(last) (port + trainer id) include \(other)'s \(listen.port)")
        }
    }
}
