import CLibXML2
import Foundation

/// One article a feed announces.
public struct FeedEntry: Sendable, Equatable {
    public var url: String
    public var title: String?
    public var published: String?
}

/// Reads RSS 2.0 and Atom (RFC 4287) feeds with libxml2's XML parser: network access and DTD
/// loading off, entities not substituted, no `XML_PARSE_HUGE`.
public enum FeedParser {
    public static func parse(_ bytes: [UInt8], feedURL: String) throws -> [FeedEntry] {
        let document: XMLDocumentHandle
        do {
            document = try XMLDocumentHandle.parseXML(bytes, url: feedURL)
        } catch let error as ParseError {
            throw FeedError(url: feedURL, detail: error.description)
        }
        guard let root = document.root else { throw FeedError(url: feedURL, detail: "the feed has no root element") }
        var entries: [FeedEntry] = []
        switch DOM.localName(root) {
        case "rss", "rdf":
            for item in descendants(of: root, named: "item") {
                var link: String?
                var guid: String?
                var title: String?
                var date: String?
                for child in DOM.children(item) {
                    switch DOM.localName(child) {
                    case "link": link = link ?? nonEmpty(DOM.text(child))
                    case "guid":
                        let permalink = DOM.attribute(child, "isPermaLink")?.lowercased() != "false"
                        if permalink { guid = nonEmpty(DOM.text(child)) }
                    case "title": title = nonEmpty(DOM.text(child))
                    case "pubdate", "date", "published": date = date ?? nonEmpty(DOM.text(child))
                    default: break
                    }
                }
                if let url = (link ?? guid).flatMap({ HTMLCleaner.resolve($0, against: feedURL) }) {
                    entries.append(FeedEntry(url: url, title: title, published: date))
                }
            }
        case "feed":
            for entry in DOM.children(root) where DOM.localName(entry) == "entry" {
                var link: String?
                var title: String?
                var date: String?
                for child in DOM.children(entry) {
                    switch DOM.localName(child) {
                    case "link":
                        let rel = DOM.attribute(child, "rel")?.lowercased() ?? "alternate"
                        if rel == "alternate", link == nil, let href = DOM.attribute(child, "href") { link = href }
                    case "title": title = nonEmpty(DOM.text(child))
                    case "published": date = nonEmpty(DOM.text(child))
                    case "updated": date = date ?? nonEmpty(DOM.text(child))
                    default: break
                    }
                }
                if let url = link.flatMap({ HTMLCleaner.resolve($0, against: feedURL) }) {
                    entries.append(FeedEntry(url: url, title: title.map(Whitespace.collapse), published: date))
                }
            }
        default:
            throw FeedError(url: feedURL, detail: "not an RSS or Atom feed (root element <\(DOM.name(root))>)")
        }
        var seen = Set<String>()
        return entries.filter { seen.insert($0.url).inserted }
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

/// A feed that could not be read.
public struct FeedError: Error, CustomStringConvertible, Sendable {
    public let url: String
    public let detail: String
    public var description: String { "feed \(url): \(detail)" }
}
