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
        "dateline", "timestamp", "date", "source", "copyright", "contact", "banner", "paywall", "widget", "widgets", "print",
    ]

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
        func endPart() {
            if lowered.count > partStart { parts.append(partStart..<lowered.count) }
            partStart = lowered.count
            previousLower = false
        }
        func endWord() {
            endPart()
            if !parts.isEmpty { onWord(lowered, parts) }
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
        return table
    }()

    /// The flags of all tokens of class and id values: the same tokens as ``tokens(_:)`` (parts
    /// split at non-alphanumerics and camelCase, lowercased, and each neighbouring pair joined),
    /// hashed straight from the bytes.
    static func classify(_ value: String) -> TokenFlags {
        var flags: TokenFlags = []
        scanWords(value) { lowered, parts in
            var previous: UInt64?
            for part in parts {
                let hash = FNV1a.hash(lowered[part])
                if let found = tokenTable[hash] { flags.formUnion(found) }
                // FNV is sequential: the hash of "read"+"more" continues from the hash of "read".
                if let previous, let found = tokenTable[FNV1a.hash(lowered[part], from: previous)] { flags.formUnion(found) }
                previous = hash
            }
        }
        return flags
    }

    /// Path segments of author pages in many languages ("/author/jane-doe", "/autoren/name/x"),
    /// as FNV-1a hashes of their lowercase bytes so a link is checked without making strings.
    private static let authorPathSegments: Set<UInt64> = Set([
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
            if let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash + 1 < bytes.count, bytes[slash + 1] == UInt8(ascii: "/") {
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

    /// Labels of widgets and teasers that appear as a line of their own: "Komentar (0)",
    /// "Baca juga: …", "Xem thêm", "Read more", "Share this article". Matched only on short lines.
    static func isWidgetLine(_ text: String) -> Bool { lineKind(text) != .text }

    /// What a line is besides text: a widget or teaser label, or the opener of a box that is not
    /// the article. One lowercasing, the expressions in turn.
    enum LineKind {
        case text, widget
        /// A short line that opens a box that is not the article: a paywall prompt, a reader
        /// appeal, a consent placeholder for an embed, or an author box's heading. What follows
        /// it in the same small box goes too (the prompt's list of subscriber benefits, the
        /// author's department).
        case boxOpener
    }

    static func lineKind(_ text: String) -> LineKind {
        // "Follow us: Facebook https://fb.me/x Twitter https://twitter.com/x": raw addresses
        // are links to profiles, not prose.
        if Self.rawURLCount(text, atMost: 2) >= 2, text.utf8.count <= 1200 { return .widget }
        guard text.utf8.count <= 160 * 4, text.count <= 160 else { return .text }
        let lower = text.lowercased()
        let range = NSRange(lower.startIndex..., in: lower)
        if boxOpeners.occurs(in: lower) { return .boxOpener }
        if widgetExpression.firstMatch(in: lower, range: range) != nil { return .widget }
        if text.count <= 80, teaserExpression.firstMatch(in: lower, range: range) != nil { return .widget }
        return .text
    }

    /// How many "http://" or "https://" a text holds, counting no further than `limit`.
    static func rawURLCount(_ text: String, atMost limit: Int) -> Int {
        var count = 0
        var matched = 0
        let pattern: [UInt8] = Array("http".utf8)
        for byte in text.utf8 {
            if matched == 4 {
                matched = 0
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "s") {
                    count += 1
                    if count >= limit { return count }
                    continue
                }
            }
            matched = byte == pattern[matched] ? matched + 1 : (byte == pattern[0] ? 1 : 0)
        }
        return count
    }

    /// A line that is only a date and time ("28.4.2023 18:41 Uhr", "23. 12. 2024 13:31"): a
    /// dateline belongs in `published_at`, not in the body.
    static func isDatelineOnly(_ text: String) -> Bool {
        guard text.utf8.count <= 48, text.utf8.filter({ $0 >= 0x30 && $0 <= 0x39 }).count >= 4,
            text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "-") })
        else { return false }
        return datelineExpression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A line that is only a photo credit ("Foto: Michal Turek, Seznam Zprávy", "Getty Images",
    /// "© The Financial Times Ltd. 2024").
    static func isCreditLine(_ text: String) -> Bool {
        guard text.utf8.count <= 120 else { return false }
        let range = NSRange(text.startIndex..., in: text)
        return creditLineExpression.firstMatch(in: text, range: range) != nil
            || (text.utf8.count <= 60 && agencyLineExpression.firstMatch(in: text, range: range) != nil)
    }

    private static let datelineExpression = try! NSRegularExpression(
        pattern: #"^[\d\s.:/,\-–—|·]+(?:uhr|h|gmt|utc|cet|cest|am|pm|wib|ict|ora|hs)?[\d\s.:+\-]*$"#, options: [.caseInsensitive])
    private static let creditLineExpression = try! NSRegularExpression(
        pattern: #"^\s*(?:foto|fotos|photo|photos|bild|bilder|ảnh|фото|image|credit|credits|källa|quelle|zdroj|kuva)\s*[:：]\s*\S"#,
        options: [.caseInsensitive])

    /// A whole short line naming only a picture agency or a copyright holder ("(c)" is left
    /// out: it also numbers the third item of a list).
    private static let agencyLineExpression = try! NSRegularExpression(
        pattern: #"^\s*(?:©.*|(?:getty(?: images)?|reuters|afp|dpa|epa|imago|shutterstock|alamy|ap photo|pa media|anadolu|xinhua|bloomberg)(?:\s*(?:/|via)\s*.*)?)\s*$"#,
        options: [.caseInsensitive])

    /// A whole line that is a widget label, with an optional counter.
    private static let widgetExpression = try! NSRegularExpression(
        pattern: #"^\s*(komentar|comments?|commentaires?|comentarios?|commenti|kommentare?|kommentarer|reacties|bình luận|ý kiến|комментари[йиея]?|评论|評論|コメント|댓글|تعليقات?|yorumlar?|share|teilen|partager|compartir|bagikan|chia sẻ|поделиться|分享|シェア|공유|مشاركة|paylaş|advertisement|anzeige|publicité|publicidad|quảng cáo|iklan|реклама|广告|広告|광고|إعلان|reklam)\s*[:(\[]?\s*\d*\s*[)\]]?\s*$"#)


    /// A paywall prompt, a reader appeal or an author box's heading, anywhere in a short line:
    /// "この記事は会員限定です", "Subscribe to continue reading", "Tu suscripción se está usando
    /// en otro dispositivo", "この記事を書いた人", "About the author".
    private static let boxOpeners = PhraseSet([
        // Consent placeholders of embeds
        "empfohlener redaktioneller inhalt", "externen inhalt", "externer inhalt", "inhalte erlauben", "external content",
        "contenu externe", "contenido externo", "contenuto esterno",
        // Author boxes
        "この記事を書いた人", "about the author", "über den autor", "zur person", "à propos de l'auteur", "sobre el autor",
        // Paywall prompts and reader appeals
        "会員限定", "有料会員", "続きをお読み", "無料会員登録", "有料記事", "subscribe to continue", "subscribe to read",
        "subscribers only", "already a subscriber", "support our journalism", "support independent journalism",
        "jetzt abonnieren", "nur für abonnenten", "bereits abonnent", "unterstützen sie uns", "réservé aux abonnés",
        "déjà abonné", "abonnez-vous", "tu suscripción", "ya eres suscriptor", "exclusivo para suscriptores",
        "exclusivo para assinantes", "riservato agli abbonati", "già abbonato",
    ])

    /// A short line that points to another article: "Baca juga: …", "Xem thêm: …".
    private static let teaserExpression = try! NSRegularExpression(
        pattern: #"^\s*(baca juga|baca selengkapnya|xem thêm|đọc thêm|tin liên quan|read more|read also|see also|related|more on this|lire aussi|à lire aussi|voir aussi|lesen sie auch|auch interessant|mehr zum thema|leer más|lea también|ver también|leia também|leggi anche|читайте также|смотрите также|по теме|相关新闻|相关阅读|延伸阅读|関連記事|관련 기사|관련기사|اقرأ أيضا|اقرأ أيضاً|ayrıca bakınız|ilgili haberler|les også|läs också|læs også|lees ook|czytaj także|čtěte také)\b"#)
}

/// Phrases looked for anywhere in a (lowercased) line in one pass over its bytes: a bit per
/// pair of leading bytes rules out almost every position with one lookup, and the rest are
/// compared only with the phrases that start with their byte.
struct PhraseSet: Sendable {
    private let phrasesByFirstByte: [[[UInt8]]]
    /// Bit `b0 << 8 | b1` is set when some phrase starts with the bytes b0, b1.
    private let leadingPairs: [UInt64]

    init(_ phrases: [String]) {
        var table = [[[UInt8]]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for phrase in phrases where phrase.utf8.count >= 2 {
            let bytes = Array(phrase.utf8)
            table[Int(bytes[0])].append(bytes)
            let pair = Int(bytes[0]) << 8 | Int(bytes[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        phrasesByFirstByte = table
        leadingPairs = pairs
    }

    func occurs(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 2 else { return false }
            for start in 0..<(bytes.count - 1) {
                let pair = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                guard leadingPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                for phrase in phrasesByFirstByte[Int(bytes[start])] where phrase.count <= bytes.count - start {
                    var matched = true
                    for offset in 2..<phrase.count where bytes[start + offset] != phrase[offset] {
                        matched = false
                        break
                    }
                    if matched, phrase[1] == bytes[start + 1] { return true }
                }
            }
            return false
        }
    }
}
