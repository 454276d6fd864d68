import Foundation

/// Paths inside the repository, found from this file's location.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The dev set, when this checkout sits next to `shared/` (as on the team's machines and in CI).
    public static var devset: String? { corpus("devset") }

    /// The WCXB article set (the long tail of layouts), found as the dev set is.
    public static var wcxb: String? { corpus("wcxb-articles") }

    private static func corpus(_ name: String) -> String? {
        let path = root.appendingPathComponent("../shared/corpus/" + name).standardizedFileURL.path
        return FileManager.default.fileExists(atPath: path + "/pages") ? path : nil
    }

    /// A fresh temporary directory, removed by the caller (or left for the OS).
    public static func temporaryDirectory(_ name: String = "newsingest-test") -> String {
        let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// The loopback test server (`Tests/Scripts/testserver.py`) in a child process.
public final class TestServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    /// Starts the server over `root` and waits until it listens on 127.0.0.1.
    public init(root: String = Repository.path("samples/site")) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repository.path("Tests/Scripts/testserver.py"), "--root", root]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: "\n").first?.split(separator: " ").last, let port = Int(portText)
        else {
            process.terminate()
            throw TestServerError(message: "the test server did not report its port (got '\(text)')")
        }
        self.port = port
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func url(_ path: String) -> String { baseURL + (path.hasPrefix("/") ? path : "/" + path) }

    /// The same server under a name: libcurl resolves every `*.localhost` to 127.0.0.1, and the
    /// server picks its robots.txt by that name (see testserver.py).
    public func url(_ path: String, host: String) -> String {
        "http://\(host).localhost:\(port)" + (path.hasPrefix("/") ? path : "/" + path)
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// A server the tests start and stop.
public protocol StoppableServer: AnyObject {
    func stop()
}

extension TestServer: StoppableServer {}

/// One server shared by the tests of a class: started on first use (a failure to start fails
/// each test that needs it), stopped by the class's `tearDown`.
public final class SharedServer<Server: StoppableServer>: @unchecked Sendable {
    private let lock = NSLock()
    private let start: @Sendable () throws -> Server
    private var server: Server?

    public init(start: @escaping @Sendable () throws -> Server) { self.start = start }

    public func get() throws -> Server {
        lock.lock()
        defer { lock.unlock() }
        if let server { return server }
        let started = try start()
        server = started
        return started
    }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        server?.stop()
        server = nil
    }
}

public typealias SharedTestServer = SharedServer<TestServer>

extension SharedServer where Server == TestServer {
    public convenience init() { self.init(start: { try TestServer() }) }
}

public struct TestServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The expected content of the demo site (samples/expected/demo-site.json).
public struct DemoArticle: Decodable, Sendable {
    public struct Figure: Decodable, Sendable {
        public let src: String
        public let caption: String
        public let credit: String
    }

    public let lang: String
    public let title: String
    public let author: String
    public let published: String
    public let paragraphs: [String]
    public let repeated: Int
    public let figure: Figure?
    /// Articles that carry the same agency story share this tag.
    public let wire: String?

    public static func all() throws -> [String: DemoArticle] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/expected/demo-site.json")))
        return try JSONDecoder().decode([String: DemoArticle].self, from: data)
    }
}

/// Writes small WARC files for the archive tests: records in order, plain or one gzip member
/// per record (as CC-NEWS ships them, compressed with the system's gzip).
public struct WARCBuilder {
    public private(set) var records: [[UInt8]] = []

    public init() {}

    /// A `response` record holding an HTTP response with the given payload.
    public mutating func response(
        uri: String, status: Int = 200, contentType: String = "text/html; charset=utf-8", extraHeaders: [String] = [],
        body: [UInt8], date: String = "2026-11-20T10:00:00Z"
    ) {
        var http = "HTTP/1.1 \(status) X\r\nContent-Type: \(contentType)\r\n"
        for header in extraHeaders { http += header + "\r\n" }
        http += "\r\n"
        record(
            type: "response", uri: uri, contentType: "application/http; msgtype=response",
            block: Array(http.utf8) + body, date: date)
    }

    public mutating func record(
        type: String, uri: String?, contentType: String, block: [UInt8], date: String = "2026-11-20T10:00:00Z"
    ) {
        var head =
            "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: "
            + "<urn:uuid:\(UUID().uuidString.lowercased())>\r\nWARC-Date: \(date)\r\n"
        if let uri { head += "WARC-Target-URI: \(uri)\r\n" }
        head += "Content-Type: \(contentType)\r\nContent-Length: \(block.count)\r\n\r\n"
        records.append(Array(head.utf8) + block + Array("\r\n\r\n".utf8))
    }

    /// Raw bytes appended as they are (for damaged files).
    public mutating func raw(_ bytes: [UInt8]) { records.append(bytes) }

    public func write(to path: String, gzipPerRecord: Bool) throws {
        var out: [UInt8] = []
        for record in records {
            out += gzipPerRecord ? try Self.gzip(record) : record
        }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    public static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
