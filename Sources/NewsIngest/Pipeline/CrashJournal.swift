import CShims
import Foundation

/// Keeps a crash from becoming a permanent outage.
///
/// A page that kills the process (a bug in a C library, a stack overflow) would be fetched
/// again by the next cron run and kill that one too, forever. So every worker publishes the
/// item it is working on in a fixed slot (a memcpy per item and stage); when a fatal signal
/// arrives, a handler in C (`crash_journal.c`) appends the slots to `crash.journal` in the state
/// directory with write(2) before the signal goes on. The next run reads the journal, counts a
/// crash for the item the signal hit (the others were only in flight), and an item that has
/// crashed ``Quarantine/crashLimit`` runs is skipped with reason `crashed` until
/// `--retry-quarantined`.
public enum CrashJournal {
    public static let fileName = "crash.journal"
    /// Worker slots: every stage's workers and the spool writer, with room to spare.
    static let slots = 128

    /// Installs the handler for this process, writing into `stateDirectory` (once; later calls
    /// do nothing).
    public static func install(stateDirectory: String) {
        _ = (stateDirectory + "/" + fileName).withCString { ni_crash_journal_install($0, Int32(slots)) }
    }

    /// Gives the calling thread its slot; call once at the start of a worker's loop.
    static func joinAsWorker() { _ = ni_crash_slot_claim() }

    /// Runs `body` with `item` published as what this thread holds.
    static func holding<T>(_ item: String, _ body: () throws -> T) rethrows -> T {
        var key = Array(item.utf8.prefix(Int(NI_CRASH_SLOT_BYTES)))
        for index in key.indices where key[index] == 0x0A || key[index] == 0x0D { key[index] = 0x20 }
        key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { ni_crash_slot_publish($0.baseAddress, $0.count) }
        }
        defer { ni_crash_slot_clear() }
        return try body()
    }

    /// The journal's entries, read and removed: the items that crashed a run and those that
    /// were only in flight then.
    public static func take(stateDirectory: String) -> (crashed: [String], inflight: [String]) {
        let path = stateDirectory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return ([], []) }
        var crashed: [String] = []
        var inflight: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0] == "crashed" { crashed.append(String(parts[1])) } else { inflight.append(String(parts[1])) }
        }
        unlink(path)
        return (crashed, inflight)
    }

    /// A crash only test builds ask for: a page holding the marker in the environment variable
    /// NEWSINGEST_TEST_CRASH_MARKER takes the process down in the cleaner, the way a bug in a C
    /// library would. Release builds have no such path.
    static func crashIfAskedByTest(_ body: [UInt8]) {
        #if DEBUG
            guard let marker = ProcessInfo.processInfo.environment["NEWSINGEST_TEST_CRASH_MARKER"], !marker.isEmpty,
                body.count >= marker.utf8.count
            else { return }
            if body.firstRange(of: Array(marker.utf8)) != nil { ni_crash_for_tests() }
        #endif
    }
}

/// What the pipeline makes of the journal: crash counts per item in the state.
struct Quarantine: Sendable {
    /// Runs an item may take down before it is skipped.
    static let crashLimit = 2

    let state: any CrashLedger
    let retry: Bool
    /// The items at the limit, read once per run rather than asked of the state per article.
    private let quarantined = Locked<Set<String>>([])

    init(state: any CrashLedger, retry: Bool) {
        self.state = state
        self.retry = retry
    }

    /// Reads the journal of an earlier run into the state and the quarantined items from it;
    /// returns the items the journal names, for the log.
    func absorbJournal(stateDirectory: String) throws -> [String] {
        let (crashed, _) = CrashJournal.take(stateDirectory: stateDirectory)
        for item in crashed { try state.recordCrash(item: item) }
        let items = try state.crashedItems(atLeast: Self.crashLimit)
        quarantined.withLock { $0 = items }
        return crashed
    }

    /// Whether the item is skipped as `crashed` (never, with `--retry-quarantined`).
    func isQuarantined(_ item: String) -> Bool {
        !retry && quarantined.withLock { $0.contains(item) }
    }
}
