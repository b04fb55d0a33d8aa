/// One sample of Prometheus' text exposition format: `name{label="value",...} value`.
public struct PrometheusSample: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var value: Double
}

/// A reader of Prometheus' text format (version 0.0.4), enough for what SeedFL's endpoints
/// write and what `seedfl status --metrics` needs: comment lines are skipped, label values
/// may hold escaped quotes, backslashes and newlines, and a line that does not parse is
/// skipped rather than trusted (the text comes from another host).
public enum PrometheusText {
    /// The samples of `text`, in order.
    public static func parse(_ text: String) -> [PrometheusSample] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            line.hasPrefix("#") ? nil : sample(Substring(line))
        }
    }

    static func sample(_ line: Substring) -> PrometheusSample? {
        var rest = line.drop { $0 == " " }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard !name.isEmpty, !(name.first?.isNumber ?? true) else { return nil }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while true {
                rest = rest.drop { $0 == " " || $0 == "," }
                if rest.first == "}" { rest = rest.dropFirst(); break }
                let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard !key.isEmpty else { return nil }
                rest = rest.dropFirst(key.count)
                guard rest.hasPrefix("=\"") else { return nil }
                rest = rest.dropFirst(2)
                var value = ""
                var closed = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if c == "\"" { closed = true; break }
                    if c == "\\", let next = rest.first {
                        rest = rest.dropFirst()
                        value.append(next == "n" ? "\n" : next)
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { return nil }
                labels[String(key)] = value
            }
        }
        let fields = rest.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = fields.first, let value = number(first) else { return nil }
        return PrometheusSample(name: String(name), labels: labels, value: value)
    }

    private static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }
}
