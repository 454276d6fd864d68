import Foundation
import TOMLKit

/// TOML documents, parsed by TOMLKit (toml++), which follows TOML 1.0 to the letter: it rejects
/// what the spec forbids (`08`, `.5`, keys defined twice, bare words) instead of guessing.
enum TOMLDocument {
    /// The root table of `text`, or a `ConfigError` naming the file, line and column.
    static func parse(_ text: String, file: String) throws -> TOMLTable {
        try checkHazards(text, file: file)
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = error.source.begin
            throw ConfigError(file: file, message: "line \(at.line), column \(at.column): \(error.description)")
        }
    }

    /// Refuses four shapes of invalid TOML on which the toml++ inside TOMLKit 0.6.0 breaks a
    /// precondition and aborts the process instead of reporting an error (all found by the toml
    /// fuzz target; the key case is fixed upstream in toml++ PR #301, after the copy TOMLKit ships):
    /// - a table header whose `[` or `[[` is not followed by a key (`[[&source]]`, `[[[a]]]`, `[~`);
    /// - a `}` where an array expects a value (`a = [}`, `a = [1, }`);
    /// - a local date, a space and a one-digit hour (`a = 1979-05-27 7`);
    /// - a non-ASCII character, a vertical tab or a form feed outside strings and comments
    ///   (`a = [\u{85}1]`: toml++ reads U+0085 as the end of the value it expects).
    /// None is ever valid TOML, so nothing valid is refused. One light lexical pass, reading
    /// the bytes as toml++ does: strings and comments are skipped (a `'''` inside a comment opens
    /// nothing), a leading byte order mark is passed over, CR is whitespace.
    static func checkHazards(_ text: String, file: String) throws {
        let bytes = Array(text.utf8)
        var open: [UInt8] = []  // "[" of arrays and "{" of inline tables, innermost last
        var previous: UInt8 = UInt8(ascii: "\n")  // the last significant byte
        var lineStart = true
        var line = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a byte order mark
        func skipString(_ quote: UInt8) {
            let triple = i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote
            i += triple ? 3 : 1
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    if !triple { return }
                }
                if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                    i += 2
                    continue
                }
                if byte == quote {
                    if !triple { return }
                    if i + 2 < bytes.count, bytes[i + 1] == quote, bytes[i + 2] == quote {
                        i += 2
                        return
                    }
                }
                i += 1
            }
        }
        /// After the `[` at `i` that opens a table header: is a key's first byte next?
        func headerHasKey() -> Bool {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "[") { j += 1 }
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") { j += 1 }
            return j < bytes.count && startsKey(bytes[j])
        }
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                if open.isEmpty { lineStart = true }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                skipString(byte)
                previous = byte
                lineStart = false
            default:
                // TOML 1.0 has no other whitespace and no non-ASCII outside strings and comments;
                // toml++ takes U+0085 and the like for value terminators where it expects a value,
                // and asserts (found by the fuzzer).
                if byte >= 0x80 || byte == 0x0B || byte == 0x0C {
                    throw ConfigError(
                        file: file,
                        message: "line \(line): \(scalarName(bytes, at: i)) is allowed only in strings and comments")
                }
                if isDigit(byte), i == 0 || !continuesValue(bytes[i - 1]), dateThenOneDigit(bytes, at: i) {
                    throw ConfigError(
                        file: file, message: "line \(line): a date followed by a time needs a two-digit hour")
                }
                if byte == UInt8(ascii: "}"), open.last == UInt8(ascii: "["),
                    previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",")
                {
                    throw ConfigError(file: file, message: "line \(line): expected a value in the array, found '}'")
                }
                if byte == UInt8(ascii: "["), lineStart, open.isEmpty {
                    // A "[" that opens a line outside any value is a table header, not an array.
                    guard headerHasKey() else {
                        throw ConfigError(
                            file: file, message: "line \(line): a table header needs a key (a bare or a quoted one)")
                    }
                } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    open.append(byte)
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    if !open.isEmpty { open.removeLast() }
                }
                previous = byte
                lineStart = false
            }
            i += 1
        }
    }

    /// Whether the value at `start` is one on which toml++ checks for a date-time written with a
    /// space (`1979-05-27 07:32:00`) and then asserts: ten characters before a value terminator
    /// (counted as toml++ counts them: Unicode scalars, `_` dropped), a digit first, `-` fourth and
    /// seventh, none of the characters that make it a number or a time (`+ . : b e o p t x z`), then
    /// one space and a lone digit. toml++ scans on for the time and asserts that the byte after that
    /// digit is not a terminator. A time's hour has two digits, so no valid TOML has this shape.
    private static func dateThenOneDigit(_ bytes: [UInt8], at start: Int) -> Bool {
        let window = String(decoding: bytes[start..<min(bytes.count, start + 64)], as: UTF8.self)
        let scalars = Array(window.unicodeScalars)
        var chars: [Unicode.Scalar] = []
        var j = 0
        while j < scalars.count, !endsValue(scalars[j]) {
            if scalars[j] != "_" { chars.append(scalars[j]) }
            j += 1
        }
        guard chars.count == 10, chars[4] == "-", chars[7] == "-",
            !chars.contains(where: { "+.:bBeEoOpPtTxXzZ".unicodeScalars.contains($0) })
        else { return false }
        guard j + 1 < scalars.count, scalars[j] == " ", isDigit(scalars[j + 1]) else { return false }
        return j + 2 >= scalars.count || !isDigit(scalars[j + 2])
    }

    /// toml++'s value terminators: its whitespace (which takes in some of Unicode's) and `] } , #`.
    /// Nothing else ends its scan of a value, not even a quote.
    private static func endsValue(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x2060,
            0x3000, 0xFEFF:
            true
        default: "]},#".unicodeScalars.contains(scalar)
        }
    }

    /// "U+0085": the character that starts at `index`.
    private static func scalarName(_ bytes: [UInt8], at index: Int) -> String {
        let text = String(decoding: bytes[index..<min(bytes.count, index + 4)], as: UTF8.self)
        let hex = String(text.unicodeScalars.first?.value ?? UInt32(bytes[index]), radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A bare key's character: A-Z a-z 0-9 _ -.
    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// A byte that can continue a bare number, date or key (a bare key's, or `+ . :`): a value
    /// cannot start right after it.
    private static func continuesValue(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    /// A bare key's character or a quote.
    private static func startsKey(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// The type's name in our messages: the words of the TOML spec.
    static func typeName(_ type: TOMLType) -> String {
        switch type {
        case .table: "table"
        case .array: "array"
        case .string: "string"
        case .int: "integer"
        case .double: "float"
        case .bool: "boolean"
        case .date, .time, .dateTime: "datetime"
        }
    }
}

/// Reads typed values out of one TOML table and rejects keys nobody asked for. Every message
/// names the key (with its table path, e.g. `source[2].language`) and the expected form.
struct TableReader {
    let table: TOMLTable
    let path: String
    let file: String
    private var used: Set<String> = []

    init(table: TOMLTable, path: String, file: String) {
        self.table = table
        self.path = path
        self.file = file
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    fileprivate func error(_ key: String, _ expected: String, _ value: TOMLValueConvertible? = nil) -> ConfigError {
        let found = value.map { " (found \(TOMLDocument.typeName($0.type)))" } ?? ""
        return ConfigError(file: file, message: "\(name(key)): expected \(expected)\(found)")
    }

    private mutating func value(_ key: String) -> TOMLValueConvertible? {
        used.insert(key)
        return table[key]
    }

    mutating func string(_ key: String, nonEmpty: Bool = false) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let s = value.string else { throw error(key, "a string", value) }
        if nonEmpty, s.trimmingCharacters(in: .whitespaces).isEmpty { throw error(key, "a non-empty string") }
        return s
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = value(key) else { return nil }
        let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
        guard let i = value.int else { throw error(key, expected, value) }
        guard range.contains(i) else { throw error(key, "\(expected), not \(i)") }
        return i
    }

    /// A number: TOML integers count too (`max_page_seconds = 20`).
    private func number(_ value: TOMLValueConvertible) -> Double? {
        value.double ?? value.int.map(Double.init)
    }

    mutating func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = value(key) else { return nil }
        let expected = "a number from \(range.lowerBound) to \(range.upperBound)"
        guard let number = number(value) else { throw error(key, expected, value) }
        guard range.contains(number) else { throw error(key, "\(expected), not \(number)") }
        return number
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard let b = value.bool else { throw error(key, "true or false", value) }
        return b
    }

    mutating func strings(_ key: String) throws -> [String]? {
        guard let value = value(key) else { return nil }
        guard let items = value.array else { throw error(key, "an array of strings", value) }
        return try items.map { item in
            guard let s = item.string, !s.isEmpty else { throw error(key, "an array of non-empty strings", item) }
            return s
        }
    }

    mutating func seconds(_ key: String) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let seconds = number(value) else { throw error(key, "a number of seconds", value) }
        guard seconds > 0, seconds <= 86_400 else { throw error(key, "a number of seconds above 0 and at most 86400") }
        return seconds
    }

    mutating func table(_ key: String) throws -> TableReader? {
        guard let value = value(key) else { return nil }
        guard let t = value.table else { throw error(key, "a table", value) }
        return TableReader(table: t, path: name(key), file: file)
    }

    mutating func sources() throws -> [SourceConfig] {
        guard let value = value("source") else { return [] }
        let expected = "an array of tables ([[source]])"
        guard let items = value.array else { throw error("source", expected, value) }
        var result: [SourceConfig] = []
        for (index, item) in items.enumerated() {
            guard let t = item.table else { throw error("source", expected, item) }
            var reader = TableReader(table: t, path: "source[\(index)]", file: file)
            result.append(try reader.source())
        }
        return result
    }

    /// One `[[source]]` table.
    private mutating func source() throws -> SourceConfig {
        guard let id = try string("id", nonEmpty: true) else { throw error("id", "a string (the source's unique id)") }
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw error("id", "letters, digits, '-', '_' or '.' only")
        }
        var urls: [String: String] = [:]
        for key in ["feed", "sitemap", "homepage"] {
            guard let value = try string(key, nonEmpty: true) else { continue }
            guard WebURL(value)?.isHTTP == true else { throw error(key, "an http or https URL") }
            urls[key] = value
        }
        guard !urls.isEmpty else {
            throw error("feed", "a feed, sitemap or homepage URL (at least one of the three)")
        }
        let maxAgeDays = try int("max_age_days", in: 1...36_500)
        let language = try string("language", nonEmpty: true)
        if let language, language.range(of: #"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"#, options: .regularExpression) == nil {
            throw error("language", "an ISO 639-1 code such as \"vi\" or \"zh-Hant\"")
        }
        let timezone = try string("timezone", nonEmpty: true)
        if let timezone, TimeZone(identifier: timezone) == nil {
            throw error("timezone", "an IANA time zone such as \"Asia/Jakarta\"")
        }
        try finish()
        return SourceConfig(
            id: id, feed: urls["feed"], sitemap: urls["sitemap"], homepage: urls["homepage"], language: language,
            timezone: timezone, maxAgeDays: maxAgeDays)
    }

    mutating func sinks() throws -> [SinkConfig] {
        guard let value = value("sink") else { return [] }
        let expected = "an array of tables ([[sink]])"
        guard let items = value.array else { throw error("sink", expected, value) }
        var result: [SinkConfig] = []
        for (index, item) in items.enumerated() {
            guard let t = item.table else { throw error("sink", expected, item) }
            var reader = TableReader(table: t, path: "sink[\(index)]", file: file)
            result.append(try reader.sink(index: index))
        }
        return result
    }

    /// One `[[sink]]` table.
    private mutating func sink(index: Int) throws -> SinkConfig {
        let id = try string("id", nonEmpty: true) ?? "sink\(index)"
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw error("id", "letters, digits, '-', '_' or '.' only")
        }
        guard let type = try string("type", nonEmpty: true) else {
            throw error("type", "the kind of sink: \"postgresql\"")
        }
        guard let kind = SinkConfig.Kind(rawValue: type) else {
            throw error("type", "\"postgresql\" (the sink kinds this version has), not \"\(type)\"")
        }
        guard let url = try string("url", nonEmpty: true) else {
            throw error("url", "a libpq connection URI such as \"postgresql://newsingest@127.0.0.1/news\"")
        }
        guard SinkConfig.kind(ofURL: url) == kind else {
            throw error("url", "a postgresql:// or postgres:// URI")
        }
        let table = try string("table", nonEmpty: true) ?? PostgreSQLSink.defaultTable
        guard PostgreSQLSink.quotedIdentifier(table) != nil else {
            throw error("table", PostgreSQLSink.tableNameRule)
        }
        let batchSize = try int("batch_size", in: 1...10_000) ?? SinkConfig.defaultBatchSize
        try finish()
        return SinkConfig(id: id, kind: kind, url: url, table: table, batchSize: batchSize)
    }

    /// Throws for the first key (in TOMLKit's order, which is sorted) that no reader asked for.
    func finish() throws {
        for key in table.keys where !used.contains(key) {
            throw ConfigError(file: file, message: "unknown key '\(name(key))'")
        }
    }
}
