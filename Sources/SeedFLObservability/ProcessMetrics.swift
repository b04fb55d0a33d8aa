import Foundation

/// The standard `process_*` metrics of Prometheus' client libraries, read at scrape time:
/// CPU seconds, resident memory, open file descriptors and the start time. An operator
/// watching a host of trainers wants these beside SeedFL's own.
struct ProcessMetrics {
    var cpuSeconds: Double
    var residentBytes: Int
    var openFileDescriptors: Int
    var startTimeSeconds: Double

    /// When this process started, in seconds since the Unix epoch: field 22 of
    /// `/proc/self/stat` (clock ticks after boot) plus the boot time (`btime` in `/proc/stat`).
    private static let started: Double = {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let system = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let bootLine = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
              let boot = Double(bootLine.dropFirst(6)) else { return Date().timeIntervalSince1970 }
        // Fields after the command name (which may hold spaces) start at field 3 ("state").
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return Date().timeIntervalSince1970 }
        return boot + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }()

    static func read() -> ProcessMetrics {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return ProcessMetrics(cpuSeconds: cpu, residentBytes: residentBytes(),
                              openFileDescriptors: (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0,
                              startTimeSeconds: started)
    }

    /// Resident pages from `/proc/self/statm` (second field) times the page size.
    private static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    var prometheusText: String {
        """
        # TYPE process_cpu_seconds_total counter
        process_cpu_seconds_total \(cpuSeconds)
        # TYPE process_resident_memory_bytes gauge
        process_resident_memory_bytes \(residentBytes)
        # TYPE process_open_fds gauge
        process_open_fds \(openFileDescriptors)
        # TYPE process_start_time_seconds gauge
        process_start_time_seconds \(startTimeSeconds)

        """
    }
}
