import Foundation

/// What class/id tokens, tags and short lines say about a part of a page.
///
/// Each list is a rule with its reason. They are deliberately generic (no per-site rules here):
/// the words are those CMSs in many languages put into class names and widget labels.
enum BoilerplateRules {
    /// Never article text: code, styling, embedded media, form controls.
    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "select", "textarea", "button", "input", "option", "video", "audio", "map", "link", "meta", "head",
        "picture", "source",
    ]

    /// Page furniture by HTML semantics, as sure as a "share" class: navigation, footers, asides.
    static let strongStructuralTags: Set<String> = ["nav", "footer", "aside", "menu", "dialog"]

    /// Tags that are furniture unless they hold prose: an article's <header> carries its
    /// standfirst, and some CMSs wrap the whole page in a <form>.
    static let structuralTags: Set<String> = ["header", "form"]

    /// Block-level tags: each starts a new text block.
    static let blockTags: Set<String> = [
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
        "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption",
        "figure", "figcaption", "header", "footer", "nav", "aside", "address", "center", "hr", "form",
        "fieldset", "details", "summary", "body", "html", "menu", "dialog", "hgroup", "legend",
    ]

    /// Class/id tokens that mark a widget even inside an article container
    /// ("article-share", "content-ads", "post-tags").
    static let strongNegativeTokens: Set<String> = [
        "share", "sharing", "sharebar", "social", "socials", "comment", "comments", "commentlist", "related",
        "newsletter", "cookie", "cookies", "consent", "gdpr", "breadcrumb", "breadcrumbs", "advert", "advertisement",
        "ads", "ad", "adv", "advertising", "taboola", "outbrain", "sponsor", "sponsored", "promo", "promotion",
        "recommend", "recommended", "recommendation", "recommendations", "subscribe", "subscription", "signup",
        "tags", "taglist", "tagcloud", "keywords", "popup", "modal", "toolbar", "pagination",
        "pager", "disqus", "readmore", "readalso", "seealso", "trending", "popular", "mostread",
        "login", "rating", "reactions", "follow", "donate", "jumplink", "skiplink", "relacionadas",
        "relacionados", "lienquan", "tinlienquan", "baca", "bacajuga", "sns",
    ]

    /// Tokens of reader-comment sections: prose, but not the article's.
    static let commentTokens: Set<String> = [
        "comment", "comments", "commentlist", "disqus", "comentarios",
        "commentaires", "binhluan", "usercomments", "reactions",
    ]

    /// Tokens that mark furniture unless the same element also says it is content.
    static let weakNegativeTokens: Set<String> = [
        "sidebar", "footer", "nav", "navbar", "navigation", "menu", "header", "masthead", "meta", "byline",
        "author", "authors", "bio", "teaser", "teasers", "more", "aside", "rail", "widget", "topbar", "info",
        "dateline", "timestamp", "date", "source", "copyright", "contact", "banner", "paywall", "widget", "widgets",
        "print",
    ]

    /// Tokens of elements about the article's author (a byline or an author box).
    static let authorTokens: Set<String> = ["author", "authors", "authorname", "creator", "creatorname"]

    /// Tokens that mark the article's own container.
    static let positiveTokens: Set<String> = [
        "article", "articlebody", "body", "content", "entry", "main", "post", "story", "text", "blog", "news",
        "detail", "details", "prose", "richtext", "paragraph", "chapter", "column", "lead", "summary", "sapo",
    ]

    /// Class names for content visible only to screen readers or hidden outright (class names
    /// are case-sensitive, as in CSS).
    static let hiddenClasses: Set<Substring> = [
        "hidden", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader-only",
        "d-none", "is-hidden", "u-hidden",
    ]

    /// Tokens of caption and photo-credit elements: their text goes to `images`, not the body.
    static let captionTokens: Set<String> = [
        "caption", "figcaption", "captiontext", "imagecaption", "photocaption", "credit", "credits",
        "imagecredit", "photocredit", "photographer", "mediacaption", "imgcaption",
    ]

    /// Splits class and id values into lowercase tokens at non-alphanumerics and camelCase
    /// boundaries, and adds each pair of neighbouring tokens joined ("read-more" also gives
    /// "readmore"). Works on UTF-8 bytes: class names are ASCII in practice, and other bytes
    /// are kept as letters.
    static func tokens(_ value: String) -> [String] {
        var tokens: [String] = []
        scanWords(value) { lowered, parts in
            let strings = parts.map { String(decoding: lowered[$0], as: UTF8.self) }
            tokens += strings
            if strings.count > 1 {
                for k in 0..<(strings.count - 1) { tokens.append(strings[k] + strings[k + 1]) }
            }
        }
        return tokens
    }

    /// The scanner behind ``tokens(_:)`` and ``classify(_:)``: for each whitespace-separated
    /// word, its lowercased bytes and the ranges of its parts (split at non-alphanumerics and
    /// lower-to-upper case changes). Bytes beyond ASCII count as letters.
    private static func scanWords(_ value: String, _ onWord: (_ lowered: [UInt8], _ parts: [Range<Int>]) -> Void) {
        var lowered: [UInt8] = []
        var parts: [Range<Int>] = []
        var partStart = 0
        var previousLower = false
        // A class name with a bracket is a utility framework's arbitrary variant or value
        // (Tailwind's `[&_figcaption]:text-sm`, `w-[320px]`): it styles other elements or
        // carries a value, and says nothing of this element's role. Such a word is skipped.
        var bracketed = false
        func endPart() {
            if lowered.count > partStart { parts.append(partStart..<lowered.count) }
            partStart = lowered.count
            previousLower = false
        }
        func endWord() {
            endPart()
            if !parts.isEmpty, !bracketed { onWord(lowered, parts) }
            bracketed = false
            parts.removeAll(keepingCapacity: true)
            lowered.removeAll(keepingCapacity: true)
            partStart = 0
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if previousLower { endPart() }
                lowered.append(byte + 32)
                previousLower = false
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...0xFF:
                lowered.append(byte)
                previousLower = true
            case UInt8(ascii: " "), 0x09, 0x0A, 0x0D, 0x0C:
                endWord()
            case UInt8(ascii: "["):
                bracketed = true
                endPart()
            default:
                endPart()
            }
        }
        endWord()
    }

    static let hiddenClassLengths: Set<Int> = Set(hiddenClasses.map(\.utf8.count))

    /// What a tag is, looked up once per element (one hash instead of one per rule).
    struct TagInfo {
        var skipped = false
        var block = false
        var structural = false
        var strongStructural = false
        /// title, meta, link, script, style, base: read for metadata wherever they appear.
        var head = false
    }

    static let tagInfo: [String: TagInfo] = {
        var table: [String: TagInfo] = [:]
        for tag in skippedTags { table[tag, default: TagInfo()].skipped = true }
        for tag in blockTags { table[tag, default: TagInfo()].block = true }
        for tag in structuralTags { table[tag, default: TagInfo()].structural = true }
        for tag in strongStructuralTags { table[tag, default: TagInfo()].strongStructural = true }
        for tag in ["title", "meta", "link", "script", "style", "base"] { table[tag, default: TagInfo()].head = true }
        return table
    }()

    /// What an element's class and id tokens say.
    struct TokenFlags: OptionSet {
        let rawValue: UInt8
        static let strongNegative = TokenFlags(rawValue: 1)
        static let weakNegative = TokenFlags(rawValue: 2)
        static let positive = TokenFlags(rawValue: 4)
        static let caption = TokenFlags(rawValue: 8)
        static let comments = TokenFlags(rawValue: 16)
        static let byline = TokenFlags(rawValue: 32)
        /// "author", "post-author", "authorName", "creator-name": an element about the author,
        /// which themes use for the byline and for the box with the author's photo and bio.
        static let author = TokenFlags(rawValue: 64)
    }

    /// Every token list in one table keyed by the token's FNV-1a hash, so classifying a class
    /// attribute allocates no strings.
    private static let tokenTable: [UInt64: TokenFlags] = {
        var table: [UInt64: TokenFlags] = [:]
        func add(_ tokens: Set<String>, _ flag: TokenFlags) {
            for t in tokens { table[FNV1a.hash(t.utf8), default: []].insert(flag) }
        }
        add(strongNegativeTokens, .strongNegative)
        add(weakNegativeTokens, .weakNegative)
        add(positiveTokens, .positive)
        add(captionTokens, .caption)
        add(commentTokens, .comments)
        add(["byline"], .byline)
        add(authorTokens, .author)
        return table
    }()

    /// The flags of all tokens of class and id values: the same tokens as ``tokens(_:)`` (parts
    /// split at non-alphanumerics and camelCase, lowercased, and each neighbouring pair joined),
    /// hashed straight from the bytes.
    /// First parts of class names that name the post's topics, not the element's role:
    /// WordPress puts `category-<slug>` and `tag-<slug>` on the article itself
    /// ("category-deductions-and-credits" is no photo credit, "tag-comments" no comment thread).
    private static let taxonomyPrefixes: Set<UInt64> = Set(["category", "tag", "tags"].map { FNV1a.hash($0.utf8) })

    static func classify(_ value: String) -> TokenFlags {
        var flags: TokenFlags = []
        scanWords(value) { lowered, parts in
            if parts.count > 1, taxonomyPrefixes.contains(FNV1a.hash(lowered[parts[0]])) { return }
            var previous: UInt64?
            for part in parts {
                let hash = FNV1a.hash(lowered[part])
                if let found = tokenTable[hash] { flags.formUnion(found) }
                // FNV is sequential: the hash of "read"+"more" continues from the hash of "read".
                if let previous, let found = tokenTable[FNV1a.hash(lowered[part], from: previous)] {
                    flags.formUnion(found)
                }
                previous = hash
            }
        }
        return flags
    }

    /// Path segments of author pages in many languages ("/author/jane-doe", "/autoren/name/x"),
    /// as FNV-1a hashes of their lowercase bytes so a link is checked without making strings.
    private static let authorPathSegments: Set<UInt64> = Set(
        [
            "author", "authors", "autor", "autoren", "autores", "auteur", "auteurs", "autore", "autori",
            "forfatter", "forfattere", "skribent", "journalist", "journalists", "journalisten", "reporter", "reporters",
            "yazar", "yazarlar", "penulis", "tac-gia", "avtor", "autorzy", "redaktor",
        ].map { FNV1a.hash($0.utf8) })

    /// Whether a link goes to an author's page: a path segment naming authors, followed by
    /// more path (the author's own page, not the list of all authors).
    static func isAuthorPageLink(_ href: String) -> Bool {
        var href = href
        return href.withUTF8 { bytes in
            guard bytes.count < 300 else { return false }
            var index = 0
            // "scheme://host" or "//host": the path starts at the next slash.
            if let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash + 1 < bytes.count,
                bytes[slash + 1] == UInt8(ascii: "/")
            {
                guard let pathStart = bytes[(slash + 2)...].firstIndex(of: UInt8(ascii: "/")) else { return false }
                index = pathStart
            }
            var segmentStart = index
            var sawAuthorSegment = false
            var hash = FNV1a.offset
            while index <= bytes.count {
                let byte = index < bytes.count ? bytes[index] : UInt8(ascii: "/")
                if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
                if byte == UInt8(ascii: "/") {
                    if index > segmentStart {
                        // A segment after an author segment: the author's own page.
                        if sawAuthorSegment { return true }
                        sawAuthorSegment = authorPathSegments.contains(hash)
                    }
                    segmentStart = index + 1
                    hash = FNV1a.offset
                } else {
                    hash = FNV1a.mix(hash, UInt64(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte))
                }
                index += 1
            }
            // Stopped at "?" or "#": the segment before it may be the author's page.
            return sawAuthorSegment && index > segmentStart && index < bytes.count
        }
    }

    /// How many "http://" or "https://" a text holds, counting no further than `limit`.
    /// (Occurrences of "http:" or "https", found by memchr on "h": this runs on every line.)
    static func rawURLCount(_ text: String, atMost limit: Int) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count >= 5 else { return 0 }
            var count = 0
            var i = 0
            let end = bytes.count - 4
            while i < end, let found = memchr(base + i, Int32(UInt8(ascii: "h")), end - i) {
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if bytes[i + 1] == UInt8(ascii: "t"), bytes[i + 2] == UInt8(ascii: "t"),
                    bytes[i + 3] == UInt8(ascii: "p"),
                    bytes[i + 4] == UInt8(ascii: ":") || bytes[i + 4] == UInt8(ascii: "s")
                {
                    count += 1
                    if count >= limit { return count }
                    i += 5
                } else {
                    i += 1
                }
            }
            return count
        }
    }
}
