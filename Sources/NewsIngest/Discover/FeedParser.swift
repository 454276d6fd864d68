import CLibXML2
import Foundation

/// One article a feed or sitemap announces.
public struct FeedEntry: Sendable, Equatable {
    public var url: String
    public var title: String?
    /// When it was published, as the document wrote it.
    public var published: String?
    /// When it last changed (Atom `updated`, JSON Feed `date_modified`, sitemap `lastmod`).
    public var modified: String?

    public init(url: String, title: String? = nil, published: String? = nil, modified: String? = nil) {
        self.url = url
        self.title = title
        self.published = published
        self.modified = modified
    }

    /// The publication date, else the modification date, parsed.
    public var date: OffsetDate? {
        (published.flatMap { DateParser.parse($0) }) ?? (modified.flatMap { DateParser.parse($0) })
    }
}

/// What one discovery document gave: articles, and more documents to read (the sitemaps of
/// a sitemap index, the feeds a home page announces).
public struct DiscoveredDocument: Sendable, Equatable {
    public enum Format: String, Sendable {
        case rss, atom
        case jsonFeed = "json_feed"
        case sitemap
        case sitemapIndex = "sitemap_index"
        case htmlPage = "html_page"
    }

    public var format: Format
    public var entries: [FeedEntry]
    /// Further documents to fetch, with their `lastmod` when the index gave one.
    public var follow: [FeedEntry]
    /// What was wrong with the document and repaired or skipped while reading it (XML read in
    /// recovery mode); nil when it was well-formed. Worth a warning, not a failure.
    public var damage: String?
}

/// Reads every discovery format: RSS 2.0 (and RSS 1.0/RDF), Atom (RFC 4287), JSON Feed 1.x,
/// sitemaps and sitemap indexes (also gzip-compressed), Google News sitemaps (publication
/// dates and titles), and HTML pages, whose `<link rel="alternate">` feeds are followed
/// (feed autodiscovery).
///
/// XML goes through libxml2 with network access and DTD loading off, entities not
/// substituted, no `XML_PARSE_HUGE`, and documents that declare entities refused.
public enum FeedParser {
    /// Largest decompressed sitemap: the sitemaps protocol's own limit.
    public static let maxDecompressedBytes = 50 * 1024 * 1024

    /// The articles a feed or sitemap announces (an HTML page is an error here).
    public static func parse(_ bytes: [UInt8], feedURL: String) throws -> [FeedEntry] {
        let document = try parseDocument(bytes, url: feedURL)
        guard document.format != .htmlPage, document.format != .sitemapIndex else {
            throw FeedError(
                code: .notAFeed, url: feedURL,
                detail: "not an RSS, Atom or JSON feed or a sitemap (\(document.format.rawValue))")
        }
        return document.entries
    }

    /// Any discovery document, recognised by its content.
    public static func parseDocument(_ bytes: [UInt8], url: String) throws -> DiscoveredDocument {
        var bytes = bytes
        if Gzip.isGzip(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, limit: maxDecompressedBytes)
            } catch {
                throw FeedError(code: .compression, url: url, detail: "\(error)")
            }
        }
        guard let first = firstSignificantByte(bytes) else {
            throw FeedError(code: .empty, url: url, detail: "empty document")
        }
        var document: DiscoveredDocument
        if first == UInt8(ascii: "{") {
            document = try parseJSONFeed(bytes, url: url)
        } else if looksLikeHTML(bytes) {
            document = try parseHTMLPage(bytes, url: url)
        } else {
            document = try parseXML(bytes, url: url)
        }
        var seen = Set<String>()
        document.entries = document.entries.filter { seen.insert($0.url).inserted }
        return document
    }

    // MARK: XML: RSS, Atom, sitemaps

    private static func parseXML(_ bytes: [UInt8], url: String) throws -> DiscoveredDocument {
        let document: XMLDocumentHandle
        do {
            document = try XMLDocumentHandle.parseXML(bytes, url: url)
        } catch let error as ParseError {
            throw FeedError(code: .malformed, url: url, detail: error.description)
        }
        guard let root = document.root else {
            throw FeedError(code: .malformed, url: url, detail: "the document has no root element")
        }
        var parsed = try parseXMLRoot(root, document: bytes, url: url)
        parsed.damage = document.damage
        if let damage = document.damage, parsed.entries.isEmpty, parsed.follow.isEmpty {
            // Recovery read nothing usable: the document failed, with what libxml2 saw.
            throw FeedError(code: .malformed, url: url, detail: "not well-formed XML, nothing could be read: \(damage)")
        }
        return parsed
    }

    private static func parseXMLRoot(_ root: xmlNodePtr, document bytes: [UInt8], url: String) throws
        -> DiscoveredDocument
    {
        switch DOM.localName(root) {
        case "rss", "rdf":
            return DiscoveredDocument(format: .rss, entries: rssEntries(root, url: url), follow: [])
        case "feed":
            return DiscoveredDocument(format: .atom, entries: atomEntries(root, url: url), follow: [])
        case "urlset":
            return DiscoveredDocument(
                format: .sitemap, entries: sitemapEntries(root, url: url, element: "url"), follow: [])
        case "sitemapindex":
            return DiscoveredDocument(
                format: .sitemapIndex, entries: [], follow: sitemapEntries(root, url: url, element: "sitemap"))
        case "html":
            return try parseHTMLPage(bytes, url: url)
        default:
            throw FeedError(
                code: .notAFeed, url: url,
                detail: "not an RSS, Atom or JSON feed or a sitemap (root element <\(DOM.name(root))>)")
        }
    }

    private static func rssEntries(_ root: xmlNodePtr, url feedURL: String) -> [FeedEntry] {
        var entries: [FeedEntry] = []
        for item in descendants(of: root, named: "item") {
            var link: String?
            var guid: String?
            var entry = FeedEntry(url: "")
            for child in DOM.children(item) {
                switch DOM.localName(child) {
                case "link": link = link ?? nonEmpty(DOM.text(child))
                case "guid":
                    let permalink = DOM.attribute(child, "isPermaLink")?.lowercased() != "false"
                    if permalink { guid = nonEmpty(DOM.text(child)) }
                case "title": entry.title = nonEmpty(DOM.text(child))
                case "pubdate", "date", "published": entry.published = entry.published ?? nonEmpty(DOM.text(child))
                case "updated", "modified": entry.modified = nonEmpty(DOM.text(child))
                default: break
                }
            }
            if let url = (link ?? guid).flatMap({ WebURL.resolveLink($0, against: feedURL) }) {
                entry.url = url
                entries.append(entry)
            }
        }
        return entries
    }

    private static func atomEntries(_ root: xmlNodePtr, url feedURL: String) -> [FeedEntry] {
        var entries: [FeedEntry] = []
        for node in DOM.children(root) where DOM.localName(node) == "entry" {
            var link: String?
            var entry = FeedEntry(url: "")
            for child in DOM.children(node) {
                switch DOM.localName(child) {
                case "link":
                    let rel = DOM.attribute(child, "rel")?.lowercased() ?? "alternate"
                    if rel == "alternate", link == nil, let href = DOM.attribute(child, "href") { link = href }
                case "title": entry.title = nonEmpty(DOM.text(child)).map(Whitespace.collapse)
                case "published": entry.published = nonEmpty(DOM.text(child))
                case "updated": entry.modified = nonEmpty(DOM.text(child))
                default: break
                }
            }
            if let url = link.flatMap({ WebURL.resolveLink($0, against: feedURL) }) {
                entry.url = url
                entries.append(entry)
            }
        }
        return entries
    }

    /// `<url>` entries of a sitemap or `<sitemap>` entries of an index: `loc`, `lastmod`, and
    /// the Google News extension's `publication_date` and `title`.
    private static func sitemapEntries(_ root: xmlNodePtr, url documentURL: String, element: String) -> [FeedEntry] {
        var entries: [FeedEntry] = []
        for node in DOM.children(root) where DOM.localName(node) == element {
            var entry = FeedEntry(url: "")
            var location: String?
            for child in DOM.children(node) {
                switch DOM.localName(child) {
                case "loc": location = nonEmpty(DOM.text(child))
                case "lastmod": entry.modified = nonEmpty(DOM.text(child))
                case "news":
                    for field in DOM.children(child) {
                        switch DOM.localName(field) {
                        case "publication_date": entry.published = nonEmpty(DOM.text(field))
                        case "title": entry.title = nonEmpty(DOM.text(field)).map(Whitespace.collapse)
                        default: break
                        }
                    }
                default: break
                }
            }
            if let url = location.flatMap({ WebURL.resolveLink($0, against: documentURL) }) {
                entry.url = url
                entries.append(entry)
            }
        }
        return entries
    }

    // MARK: JSON Feed

    private static func parseJSONFeed(_ bytes: [UInt8], url feedURL: String) throws -> DiscoveredDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw FeedError(code: .malformed, url: feedURL, detail: "not valid JSON (\(error.localizedDescription))")
        }
        guard let feed = object as? [String: Any], let version = feed["version"] as? String,
            version.hasPrefix("https://jsonfeed.org/version/") || version.hasPrefix("http://jsonfeed.org/version/")
        else {
            throw FeedError(
                code: .notAFeed, url: feedURL, detail: "JSON, but not a JSON Feed (no jsonfeed.org version)")
        }
        let items = feed["items"] as? [[String: Any]] ?? []
        let entries = items.compactMap { item -> FeedEntry? in
            let link = (item["url"] as? String) ?? (item["external_url"] as? String)
            guard let url = link.flatMap({ WebURL.resolveLink($0, against: feedURL) }) else { return nil }
            return FeedEntry(
                url: url, title: (item["title"] as? String).flatMap(nonEmpty),
                published: item["date_published"] as? String, modified: item["date_modified"] as? String)
        }
        return DiscoveredDocument(format: .jsonFeed, entries: entries, follow: [])
    }

    // MARK: HTML: feed autodiscovery

    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
        "application/rdf+xml",
    ]

    /// The feeds a page announces with `<link rel="alternate" type="…" href="…">`.
    private static func parseHTMLPage(_ bytes: [UInt8], url pageURL: String) throws -> DiscoveredDocument {
        let decision = CharsetDetector.decide(bytes: bytes, contentType: nil)
        guard let utf8 = IconvConverter.toUTF8(bytes, from: decision.charset, knownValid: decision.validUTF8) else {
            throw FeedError(code: .charset, url: pageURL, detail: "charset \(decision.charset) cannot be decoded")
        }
        let document: XMLDocumentHandle
        do {
            document = try XMLDocumentHandle.parseHTML(utf8: utf8, url: pageURL)
        } catch let error as ParseError {
            throw FeedError(code: .malformed, url: pageURL, detail: error.description)
        }
        guard let root = document.root else { return DiscoveredDocument(format: .htmlPage, entries: [], follow: []) }
        var feeds: [FeedEntry] = []
        for link in descendants(of: root, named: "link") {
            let rel = (DOM.attribute(link, "rel") ?? "").lowercased().split(separator: " ")
            let type =
                (DOM.attribute(link, "type") ?? "").lowercased().split(separator: ";").first.map {
                    $0.trimmingCharacters(in: .whitespaces)
                } ?? ""
            guard rel.contains("alternate"), feedTypes.contains(type), let href = DOM.attribute(link, "href"),
                let url = WebURL.resolveLink(href, against: pageURL), !feeds.contains(where: { $0.url == url })
            else { continue }
            feeds.append(FeedEntry(url: url, title: DOM.attribute(link, "title")))
        }
        return DiscoveredDocument(format: .htmlPage, entries: [], follow: feeds)
    }

    // MARK: Helpers

    private static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
        return index < bytes.count ? bytes[index] : nil
    }

    /// An HTML page rather than XML: a doctype or `<html>` near the start, and no XML feed root.
    private static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        if head.contains("<rss") || head.contains("<feed") || head.contains("<urlset") || head.contains("<sitemapindex")
            || head.contains("<rdf:rdf")
        {
            return false
        }
        return head.contains("<!doctype html") || head.contains("<html")
    }

    private static func nonEmpty(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    private static func descendants(of node: xmlNodePtr, named name: String) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var stack = Array(DOM.children(node).reversed())
        while let current = stack.popLast() {
            if DOM.localName(current) == name {
                result.append(current)
            } else {
                stack += DOM.children(current).reversed()
            }
        }
        return result
    }
}

/// A feed or sitemap that could not be read.
public struct FeedError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// Nothing but whitespace, or nothing after decompression.
        case empty
        /// A gzip stream that cannot be inflated, or inflates past the limit.
        case compression
        /// A charset that cannot be decoded.
        case charset
        /// XML, HTML or JSON that cannot be read.
        case malformed
        /// A readable document that is no feed or sitemap (or, for a page, announces none).
        case notAFeed = "not_a_feed"
    }

    public let code: Code
    public let url: String
    public let detail: String
    public var description: String { "feed \(url): \(detail)" }
}
