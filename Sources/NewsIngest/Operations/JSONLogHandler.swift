import Foundation
import Logging

/// One JSON object per line on standard error, for journald, Loki and log shippers: `time`
/// (UTC, milliseconds), `level`, `message`, then the metadata as top-level keys (`source`,
/// `article.url`, `stage`, `reason`…). A metadata key that would shadow one of the first three
/// is written as `metadata.<key>`. Each line goes out in one `write`, so lines of concurrent
/// workers never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let output: @Sendable (String) -> Void

    public init(label: String, output: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        output(Self.line(time: Date(), level: event.level, message: "\(event.message)", metadata: merged))
    }

    /// The JSON line (ending in a newline) for one event.
    public static func line(time: Date, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var text = "{\"time\":\(quoted(timestamp(time))),\"level\":\(quoted(level.rawValue)),"
        text += "\"message\":\(quoted(message))"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            let name = ["time", "level", "message"].contains(key) ? "metadata." + key : key
            text += ",\(quoted(name)):\(json(value))"
        }
        return text + "}\n"
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): quoted(string)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            "{"
                + dictionary.sorted(by: { $0.key < $1.key }).map { "\(quoted($0.key)):\(json($0.value))" }
                .joined(separator: ",") + "}"
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7).
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func timestamp(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Date(timeIntervalSince1970: Double(milliseconds / 1000))
        let base = OffsetDate(date: seconds, offsetSeconds: 0).iso8601
        // "…T13:30:00+00:00" → "…T13:30:00.123Z"
        return String(base.dropLast(6)) + String(format: ".%03dZ", milliseconds % 1000)
    }

    /// Writes a line to standard error in one call (a line that cannot be written is lost: a
    /// logger has nowhere to report that).
    public static let standardError: @Sendable (String) -> Void = { line in
        try? SystemCall.writeAll(Data(line.utf8), to: STDERR_FILENO, orThrow: { $0 })
    }
}
