import Foundation
import Logging

/// The sink of a run: decides whether a record is new, a revision or unchanged, and whether it
/// is a near-duplicate of one delivered before (flagged or, by policy, dropped); writes it to
/// the spool; then remembers it in the ledger and the near-duplicate index. A record is
/// remembered only after it is whole in the spool, so a crash between the two writes it again
/// rather than losing it.
struct RecordDelivery: Sendable {
    let spool: SpoolWriter
    let ledger: any ArticleLedger
    let index: any NearDuplicateIndex
    let similarity: Double
    let policy: Configuration.DuplicatePolicy
    let logger: Logger

    func deliver(_ page: NormalizedPage, counter: SummaryCounter) throws {
        var record = page.record
        let status = try ledger.status(id: record.id, contentHash: record.contentHash)
        if status == .unchanged {
            counter.update { $0.count(.unchanged, source: page.context.source?.id) }
            try ledger.touch(id: record.id)
        } else {
            if let match = try index.matchOrClaim(page.fingerprint, id: record.id, threshold: similarity) {
                record.duplicateOf = match.id
                record.similarity = (match.similarity * 1000).rounded() / 1000
            }
            if case .changed(let revision) = status { record.revision = revision }
            if let original = record.duplicateOf, policy == .drop {
                counter.update { $0.duplicatesDropped += 1 }
                logger.info(
                    "near-duplicate dropped",
                    metadata: ["article.url": "\(page.context.requestURL)", "duplicate_of": "\(original)"])
            } else {
                try spool.write(record)
                counter.update {
                    $0.count(.written, source: record.source)
                    if record.duplicateOf != nil { $0.duplicatesFlagged += 1 }
                }
                logger.info(
                    "article written",
                    metadata: [
                        "article.url": "\(page.context.requestURL)", "source": "\(record.source ?? "")",
                        "id": "\(record.id)", "revision": "\(record.revision)",
                    ])
            }
            // A dropped duplicate is remembered too: its next fetch is "unchanged", not new work.
            try ledger.commit(record)
            try index.storeFingerprint(id: record.id, fingerprint: page.fingerprint, duplicateOf: record.duplicateOf)
        }
        try ledger.recordFetch(
            url: page.context.requestURL, validators: page.context.validators, status: page.context.status,
            articleID: record.id)
    }
}
