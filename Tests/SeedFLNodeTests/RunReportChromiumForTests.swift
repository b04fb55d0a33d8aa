import Foundation
import XCTest

/// Headless Chromium for the report's browser tests: finds the binary, runs `--dump-dom`
/// with a throwaway profile and a kill timer, and returns the DOM after the page's
/// scripts ran.
enum RunReportChromium {
    /// The Debian package that provides the browser, named in skip and failure messages.
    static let package = "chromium"
    /// A hung browser is killed after this long; the test then fails (it never waits on
    /// a browser forever, and asserts nothing about speed).
    static let timeout: TimeInterval = 60

    /// `chromium` on `environment`'s PATH, else `fallback`, else nil.
    static func binary(environment: [String: String] = ProcessInfo.processInfo.environment,
                       fallback: String = "/usr/bin/chromium") -> String? {
        let path = environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/chromium" } + [fallback]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The browser; without one, an `XCTSkip` naming the package to install, or, when
    /// `SEEDFL_REQUIRE_BROWSER=1` (CI, where a skip would hide a broken set-up), an error
    /// that fails the test with the same message.
    static func requireBinary(environment: [String: String] = ProcessInfo.processInfo.environment,
                              fallback: String = "/usr/bin/chromium") throws -> String {
        if let binary = binary(environment: environment, fallback: fallback) { return binary }
        let message = "no headless browser: install Debian's `\(package)` package (apt-get install -y \(package)); "
            + "Scripts/setup.sh does"
        if environment["SEEDFL_REQUIRE_BROWSER"] == "1" {
            throw Failure(description: message + " (SEEDFL_REQUIRE_BROWSER=1 makes a missing browser a failure)")
        }
        throw XCTSkip(message)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The serialised DOM of `file` after load, as `chromium --headless=new --dump-dom`
    /// prints it. `extra` adds flags (a screenshot, a window size).
    static func dumpDOM(of file: String, binary: String, extra: [String] = []) throws -> String {
        let scratch = NSTemporaryDirectory() + "seedfl-chromium-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let output = scratch + "/dom.html", errors = scratch + "/stderr.txt"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: errors, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(scratch)/profile",
                             "--no-first-run", "--disable-extensions"] + extra
            + ["--dump-dom", URL(fileURLWithPath: file).absoluteString]
        // Files, not pipes: the browser may write more than a pipe buffer holds before exiting.
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            throw Failure(description: "chromium did not finish within \(Int(timeout)) s and was killed")
        }
        let dom = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, !dom.isEmpty else {
            let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "chromium exited with \(process.terminationStatus) and \(dom.count) bytes of DOM; "
                          + "stderr: \(stderr.suffix(2000))")
        }
        return dom
    }

    /// The opening tags `<svg ...>` of `dom`, each as its attribute name -> value.
    static func svgTags(_ dom: String) -> [[String: String]] {
        tags(named: "svg", in: dom)
    }

    /// The attributes of the `<body>` tag.
    static func body(_ dom: String) -> [String: String] {
        tags(named: "body", in: dom).first ?? [:]
    }

    private static func tags(named name: String, in dom: String) -> [[String: String]] {
        let tag = try! NSRegularExpression(pattern: "<\(name)(\\s[^>]*)?>")
        let attribute = try! NSRegularExpression(pattern: "([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"")
        let text = dom as NSString
        return tag.matches(in: dom, range: NSRange(location: 0, length: text.length)).map { match in
            let inside = text.substring(with: match.range) as NSString
            var attributes: [String: String] = [:]
            for a in attribute.matches(in: inside as String, range: NSRange(location: 0, length: inside.length)) {
                attributes[inside.substring(with: a.range(at: 1))] = inside.substring(with: a.range(at: 2))
            }
            return attributes
        }
    }
}
