import Foundation

/// What one sink did with a batch of records.
public struct SinkWriteResult: Sendable, Equatable {
    /// Records the sink did not hold before.
    public var inserted = 0
    /// Records that replaced a lower revision of the same article.
    public var updated = 0
    /// Records the sink held already at this revision or a higher one: nothing changed (a
    /// replay after a crash, or an older revision arriving late).
    public var unchanged = 0
    /// Records the sink refused on their own (the rest of the batch is written): by spool
    /// file, the reason. They stay in the spool.
    public var rejected: [String: String] = [:]

    public init() {}

    public static func + (a: SinkWriteResult, b: SinkWriteResult) -> SinkWriteResult {
        var sum = a
        sum.inserted += b.inserted
        sum.updated += b.updated
        sum.unchanged += b.unchanged
        sum.rejected.merge(b.rejected) { first, _ in first }
        return sum
    }
}

/// A sink cannot be reached or refuses every write: delivery stops, and the records stay in
/// the spool for the next attempt (exit 74).
public struct SinkUnavailableError: Error, CustomStringConvertible, Sendable {
    public let sink: String
    public let reason: String
    public var description: String { "sink \(sink): \(reason)" }
}

/// Where `deliver` puts records: a database or an index that downstream readers query.
///
/// The contract that makes delivery exactly-once in effect: ``write(_:)`` is idempotent and
/// keyed on the record's `id`, applying a record only over a lower `revision`. Delivery claims
/// a record, writes it to every sink, and deletes it only when all of them committed; a crash
/// in between writes it again, which changes nothing where it was applied.
public protocol RecordSink: AnyObject {
    /// The name in logs and messages (the `[[sink]]` id).
    var name: String { get }
    /// Writes a batch in one transaction where the sink has them. Throws
    /// ``SinkUnavailableError`` when nothing could be written.
    func write(_ records: [SpooledRecord]) throws -> SinkWriteResult
}
