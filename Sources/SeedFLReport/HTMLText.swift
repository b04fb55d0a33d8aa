import SeedFLNode
/// Escaping of text placed into the page.
enum HTMLText {
    /// `text` safe to place in HTML or SVG element content and in quoted attribute values:
    /// `& < > " '` become character references. Every string that did not come from this
    /// module's own literals goes through here (run directory names, fingerprints,
    /// algorithm names from a summary that may have been edited by hand).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
