import Foundation

/// Paths inside the repository, found from this file's location.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The dev set, when this checkout sits next to `shared/` (as on the team's machines and in CI).
    public static var devset: String? {
        let candidates = [root.appendingPathComponent("../shared/corpus/devset").standardizedFileURL.path]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/pages") }
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
        guard let portText = text.split(separator: "\n").first?.split(separator: " ").last, let port = Int(portText) else {
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

/// One test server shared by the tests of a class: started on first use, stopped by the
/// class's `tearDown`.
public final class SharedTestServer: @unchecked Sendable {
    private let lock = NSLock()
    private var server: TestServer?

    public init() {}

    public func get() throws -> TestServer {
        lock.lock()
        defer { lock.unlock() }
        if let server { return server }
        let started = try TestServer()
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
