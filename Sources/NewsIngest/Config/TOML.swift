import Foundation

/// A TOML value, as read by ``TOMLParser``.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case datetime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    /// A short name for the value's type, used in error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .datetime: "datetime"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// An ordered TOML table: keys keep the order they were written in.
public struct TOMLTable: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }
}

/// An error in a TOML document, with the line it was found on.
public struct TOMLError: Error, CustomStringConvertible, Sendable {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// A parser for TOML 1.0 documents: tables, arrays of tables, dotted keys, inline tables,
/// basic/literal/multi-line strings, integers (with `_`, hex, octal, binary), floats,
/// booleans and date-times (kept as their text).
public struct TOMLParser {
    private let chars: [UInt8]
    private var pos = 0
    private var line = 1
    private var root = TOMLTable()
    /// Path of the table the following key/value pairs go into.
    private var current: [PathElement] = []
    /// Tables defined by a `[header]` so that defining one twice is an error.
    private var definedTables: Set<String> = []

    private enum PathElement: Hashable {
        case key(String)
        case lastOf(String)  // the last table in an array of tables
    }

    public static func parse(_ text: String) throws -> TOMLTable {
        var parser = TOMLParser(chars: Array(text.utf8))
        try parser.parseDocument()
        return parser.root
    }

    private init(chars: [UInt8]) { self.chars = chars }

    private func fail(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }

    private var atEnd: Bool { pos >= chars.count }
    private var peek: UInt8? { pos < chars.count ? chars[pos] : nil }

    private mutating func skipSpaces() {
        while let c = peek, c == 0x20 || c == 0x09 { pos += 1 }
    }

    private mutating func skipComment() {
        if peek == UInt8(ascii: "#") {
            while let c = peek, c != 0x0A { pos += 1 }
        }
    }

    /// Skips blank lines, comments and spaces, including newlines.
    private mutating func skipTrivia() {
        while let c = peek {
            if c == 0x20 || c == 0x09 || c == 0x0D {
                pos += 1
            } else if c == 0x0A {
                pos += 1
                line += 1
            } else if c == UInt8(ascii: "#") {
                skipComment()
            } else {
                break
            }
        }
    }

    private mutating func expectLineEnd() throws {
        skipSpaces()
        skipComment()
        if peek == 0x0D { pos += 1 }
        guard let c = peek else { return }
        guard c == 0x0A else { throw fail("expected the end of the line, found '\(Character(UnicodeScalar(c)))'") }
        pos += 1
        line += 1
    }

    private mutating func parseDocument() throws {
        while true {
            skipTrivia()
            guard let c = peek else { return }
            if c == UInt8(ascii: "[") {
                try parseHeader()
            } else {
                let keyPath = try parseKeyPath()
                skipSpaces()
                guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after key '\(keyPath.joined(separator: "."))'") }
                pos += 1
                skipSpaces()
                let value = try parseValue()
                try assign(value, at: current, keyPath: keyPath)
                try expectLineEnd()
            }
        }
    }

    private mutating func parseHeader() throws {
        pos += 1
        let isArray = peek == UInt8(ascii: "[")
        if isArray { pos += 1 }
        skipSpaces()
        let keyPath = try parseKeyPath()
        skipSpaces()
        guard peek == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
        pos += 1
        if isArray {
            guard peek == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array-of-tables header") }
            pos += 1
        }
        try expectLineEnd()
        var path: [PathElement] = []
        for key in keyPath.dropLast() {
            path.append(try resolveIntermediate(path, key))
        }
        let last = keyPath[keyPath.count - 1]
        if isArray {
            let l = line
            try modify(path) { table in
                switch table[last] {
                case nil: table[last] = .array([.table(TOMLTable())])
                case .array(var items)?:
                    items.append(.table(TOMLTable()))
                    table[last] = .array(items)
                default: throw TOMLError(line: l, message: "'\(last)' is already defined and is not an array of tables")
                }
            }
            current = path + [.lastOf(last)]
        } else {
            let name = describe(path + [.key(last)])
            guard !definedTables.contains(name) else { throw fail("table [\(name)] is defined twice") }
            definedTables.insert(name)
            let l = line
            try modify(path) { table in
                switch table[last] {
                case nil: table[last] = .table(TOMLTable())
                case .table?: break
                default: throw TOMLError(line: l, message: "'\(last)' is already defined and is not a table")
                }
            }
            current = path + [.key(last)]
        }
    }

    private func describe(_ path: [PathElement]) -> String {
        path.map { element -> String in
            switch element {
            case .key(let k): k
            case .lastOf(let k): k + "[]"
            }
        }.joined(separator: ".")
    }

    /// For a header like `[a.b.c]`: `a` and `b` may be tables or arrays of tables (then the last one).
    private mutating func resolveIntermediate(_ path: [PathElement], _ key: String) throws -> PathElement {
        var result = PathElement.key(key)
        let l = line
        try modify(path) { table in
            switch table[key] {
            case nil: table[key] = .table(TOMLTable())
            case .table?: break
            case .array(let items)? where items.last.map({ if case .table = $0 { true } else { false } }) == true:
                result = .lastOf(key)
            default: throw TOMLError(line: l, message: "'\(key)' is already defined and is not a table")
            }
        }
        return result
    }

    private mutating func modify(_ path: [PathElement], _ body: (inout TOMLTable) throws -> Void) throws {
        let line = self.line
        func fail(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }
        func walk(_ table: inout TOMLTable, _ rest: ArraySlice<PathElement>) throws {
            guard let first = rest.first else {
                try body(&table)
                return
            }
            switch first {
            case .key(let key):
                guard case .table(var inner)? = table[key] else { throw fail("'\(key)' is not a table") }
                try walk(&inner, rest.dropFirst())
                table[key] = .table(inner)
            case .lastOf(let key):
                guard case .array(var items)? = table[key], case .table(var inner)? = items.last else {
                    throw fail("'\(key)' is not an array of tables")
                }
                try walk(&inner, rest.dropFirst())
                items[items.count - 1] = .table(inner)
                table[key] = .array(items)
            }
        }
        try walk(&root, path[...])
    }

    private mutating func assign(_ value: TOMLValue, at path: [PathElement], keyPath: [String]) throws {
        var target = path
        for key in keyPath.dropLast() {
            let l = line
            try modify(target) { table in
                switch table[key] {
                case nil: table[key] = .table(TOMLTable())
                case .table?: break
                default: throw TOMLError(line: l, message: "'\(key)' is already defined and is not a table")
                }
            }
            target.append(.key(key))
        }
        let last = keyPath[keyPath.count - 1]
        let l = line
        try modify(target) { table in
            guard table[last] == nil else { throw TOMLError(line: l, message: "key '\(last)' is defined twice") }
            table[last] = value
        }
    }

    private mutating func parseKeyPath() throws -> [String] {
        var keys: [String] = []
        while true {
            skipSpaces()
            keys.append(try parseKey())
            skipSpaces()
            if peek == UInt8(ascii: ".") {
                pos += 1
            } else {
                return keys
            }
        }
    }

    private mutating func parseKey() throws -> String {
        guard let c = peek else { throw fail("expected a key, found the end of the document") }
        if c == UInt8(ascii: "\"") { return try parseBasicString() }
        if c == UInt8(ascii: "'") { return try parseLiteralString() }
        let start = pos
        while let c = peek, isBareKeyByte(c) { pos += 1 }
        guard pos > start else { throw fail("expected a key, found '\(Character(UnicodeScalar(c)))'") }
        return String(decoding: chars[start..<pos], as: UTF8.self)
    }

    private func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    private mutating func parseValue() throws -> TOMLValue {
        guard let c = peek else { throw fail("expected a value, found the end of the document") }
        switch c {
        case UInt8(ascii: "\""):
            if hasPrefix("\"\"\"") { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case UInt8(ascii: "'"):
            if hasPrefix("'''") { return .string(try parseMultilineLiteralString()) }
            return .string(try parseLiteralString())
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "{"):
            return try parseInlineTable()
        case UInt8(ascii: "t"):
            if hasPrefix("true") { pos += 4; return .boolean(true) }
        case UInt8(ascii: "f"):
            if hasPrefix("false") { pos += 5; return .boolean(false) }
        default:
            break
        }
        return try parseNumberOrDate()
    }

    private func hasPrefix(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard pos + bytes.count <= chars.count else { return false }
        return Array(chars[pos..<pos + bytes.count]) == bytes
    }

    private mutating func parseBasicString() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw fail("unterminated string") }
            if c == 0x0A { throw fail("newline in a single-line string") }
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                try parseEscape(into: &out)
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws {
        guard let e = peek else { throw fail("unterminated escape") }
        pos += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = e == UInt8(ascii: "u") ? 4 : 8
            guard pos + count <= chars.count,
                let scalarValue = UInt32(String(decoding: chars[pos..<pos + count], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(scalarValue)
            else { throw fail("invalid unicode escape") }
            pos += count
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw fail("invalid escape '\\\(Character(UnicodeScalar(e)))'")
        }
    }

    private mutating func parseLiteralString() throws -> String {
        pos += 1
        let start = pos
        while let c = peek, c != UInt8(ascii: "'") {
            if c == 0x0A { throw fail("newline in a single-line string") }
            pos += 1
        }
        guard !atEnd else { throw fail("unterminated string") }
        let text = String(decoding: chars[start..<pos], as: UTF8.self)
        pos += 1
        return text
    }

    private mutating func parseMultilineBasicString() throws -> String {
        pos += 3
        if peek == 0x0A { pos += 1; line += 1 }
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw fail("unterminated multi-line string") }
            if hasPrefix("\"\"\"") {
                pos += 3
                break
            }
            pos += 1
            if c == 0x0A { line += 1 }
            if c == UInt8(ascii: "\\") {
                // A line-ending backslash trims the newline and following whitespace.
                var look = pos
                while look < chars.count, chars[look] == 0x20 || chars[look] == 0x09 || chars[look] == 0x0D { look += 1 }
                if look < chars.count, chars[look] == 0x0A {
                    pos = look
                    while let w = peek, w == 0x20 || w == 0x09 || w == 0x0A || w == 0x0D {
                        if w == 0x0A { line += 1 }
                        pos += 1
                    }
                } else {
                    try parseEscape(into: &out)
                }
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func parseMultilineLiteralString() throws -> String {
        pos += 3
        if peek == 0x0A { pos += 1; line += 1 }
        let start = pos
        while !hasPrefix("'''") {
            guard let c = peek else { throw fail("unterminated multi-line string") }
            if c == 0x0A { line += 1 }
            pos += 1
        }
        let text = String(decoding: chars[start..<pos], as: UTF8.self)
        pos += 3
        return text
    }

    private mutating func parseArray() throws -> TOMLValue {
        pos += 1
        var items: [TOMLValue] = []
        while true {
            skipTrivia()
            if peek == UInt8(ascii: "]") {
                pos += 1
                return .array(items)
            }
            items.append(try parseValue())
            skipTrivia()
            if peek == UInt8(ascii: ",") {
                pos += 1
            } else if peek == UInt8(ascii: "]") {
                pos += 1
                return .array(items)
            } else {
                throw fail("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseInlineTable() throws -> TOMLValue {
        pos += 1
        var table = TOMLTable()
        skipSpaces()
        if peek == UInt8(ascii: "}") {
            pos += 1
            return .table(table)
        }
        while true {
            let keyPath = try parseKeyPath()
            skipSpaces()
            guard peek == UInt8(ascii: "=") else { throw fail("expected '=' in an inline table") }
            pos += 1
            skipSpaces()
            let value = try parseValue()
            try Self.insert(value, keyPath: keyPath[...], into: &table, line: line)
            skipSpaces()
            if peek == UInt8(ascii: ",") {
                pos += 1
                skipSpaces()
            } else if peek == UInt8(ascii: "}") {
                pos += 1
                return .table(table)
            } else {
                throw fail("expected ',' or '}' in an inline table")
            }
        }
    }

    private static func insert(_ value: TOMLValue, keyPath: ArraySlice<String>, into table: inout TOMLTable, line: Int) throws {
        let key = keyPath.first!
        if keyPath.count == 1 {
            guard table[key] == nil else { throw TOMLError(line: line, message: "key '\(key)' is defined twice") }
            table[key] = value
            return
        }
        var inner: TOMLTable
        switch table[key] {
        case nil: inner = TOMLTable()
        case .table(let t)?: inner = t
        default: throw TOMLError(line: line, message: "'\(key)' is already defined and is not a table")
        }
        try insert(value, keyPath: keyPath.dropFirst(), into: &inner, line: line)
        table[key] = .table(inner)
    }

    private mutating func parseNumberOrDate() throws -> TOMLValue {
        let start = pos
        while let c = peek, !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",")
            || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: "#"))
        {
            pos += 1
        }
        // A date-time may have a single space between date and time.
        if pos - start == 10, peek == 0x20, pos + 1 < chars.count, chars[pos + 1] >= 0x30, chars[pos + 1] <= 0x39 {
            pos += 1
            while let c = peek, !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",")
                || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: "#"))
            {
                pos += 1
            }
        }
        let token = String(decoding: chars[start..<pos], as: UTF8.self)
        guard !token.isEmpty else { throw fail("expected a value") }
        if token.count >= 8, token.contains("-") || token.contains(":"),
            token.first?.isNumber == true, !token.dropFirst().hasPrefix("x")
        {
            let dateLike = token.range(of: #"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}:\d{2}(\.\d+)?$"#, options: .regularExpression)
            if dateLike != nil { return .datetime(token) }
        }
        let cleaned = token.replacingOccurrences(of: "_", with: "")
        if cleaned.hasPrefix("0x"), let v = Int(cleaned.dropFirst(2), radix: 16) { return .integer(v) }
        if cleaned.hasPrefix("0o"), let v = Int(cleaned.dropFirst(2), radix: 8) { return .integer(v) }
        if cleaned.hasPrefix("0b"), let v = Int(cleaned.dropFirst(2), radix: 2) { return .integer(v) }
        if let v = Int(cleaned) { return .integer(v) }
        switch cleaned {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if cleaned.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let v = Double(cleaned) { return .float(v) }
        throw fail("'\(token)' is not a valid value (strings need quotes)")
    }
}
