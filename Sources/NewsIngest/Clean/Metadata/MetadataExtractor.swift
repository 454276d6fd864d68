import Foundation

/// Title, authors, dates, canonical URL and other metadata from a ``PageModel``.
///
/// Sources are tried from the most to the least deliberate: JSON-LD (written for search
/// engines), Open Graph / `article:*` meta, other meta conventions, then the visible page.
struct MetadataExtractor {
    let model: PageModel
    let rules: CleanRules
    private let articles: [[String: Any]]
    let isDeclaredCollection: Bool
    /// The site's and publisher's names, lowercased (set once in `init`).
    private var publishers: [String] = []

    /// See ``hostLabels(canonical:pageURL:)``.
    private let hostLabels: [String]
    /// The URL the page came from, when known.
    private let pageURL: String?

    /// `pageURL`: the URL the page came from, when known (its canonical link is preferred).
    init(model: PageModel, rules: CleanRules, pageURL: String? = nil) {
        self.model = model
        self.rules = rules
        self.pageURL = pageURL
        hostLabels = Self.hostLabels(
            canonical: model.canonicalLink ?? model.meta["og:url"]?.first(where: { Whitespace.hasContent($0) }),
            pageURL: pageURL)
        let jsonLD = Self.readJSONLD(model.jsonLD)
        articles = jsonLD.articles + jsonLD.pages
        // A front or section page: it calls itself a collection (schema.org `CollectionPage`,
        // `ItemList`, `SearchResultsPage`) and describes no article of its own.
        isDeclaredCollection = jsonLD.declaresCollection && jsonLD.articles.isEmpty
        publishers = [siteName, (ld("publisher") as? [String: Any]).flatMap { $0["name"] as? String }]
            .compactMap { $0?.lowercased() }.filter { !$0.isEmpty }
    }

    private func meta(_ keys: String...) -> String? {
        for key in keys {
            if let value = model.meta[key]?.first(where: { Whitespace.hasContent($0) }) {
                return Whitespace.collapse(value)
            }
        }
        return nil
    }

    private func ld(_ key: String) -> Any? {
        for article in articles { if let value = article[key] { return value } }
        return nil
    }

    var siteName: String? {
        meta("og:site_name", "application-name")
            ?? (ld("publisher") as? [String: Any]).flatMap { $0["name"] as? String }
    }

    var description: String? { meta("og:description", "description", "twitter:description") }

    var leadImage: String? {
        if let image = meta("og:image", "og:image:url", "twitter:image") { return image }
        switch ld("image") {
        case let s as String: return s
        case let d as [String: Any]: return d["url"] as? String
        case let a as [Any]:
            if let s = a.first as? String { return s }
            return (a.first as? [String: Any])?["url"] as? String
        default: return nil
        }
    }

    var canonicalURL: String? { model.canonicalLink ?? meta("og:url") }

    /// The labels of the page's host that can name its site ("ironhack" of
    /// www.ironhack.com): each but the last (the top-level domain), four letters or more, not
    /// "www", without hyphens. From the canonical URL, else the URL the page came from.
    private static func hostLabels(canonical: String?, pageURL: String?) -> [String] {
        guard let host = (canonical.flatMap(WebURL.init) ?? pageURL.flatMap(WebURL.init))?.host.lowercased()
        else { return [] }
        return host.split(separator: ".").dropLast().map { $0.replacingOccurrences(of: "-", with: "") }
            .filter { $0.count >= 4 && $0 != "www" }
    }

    /// A segment's letters and digits, lowercased: the form host labels are compared in
    /// ("Urge Fitness" → "urgefitness").
    private static func hostKey(_ text: String) -> String {
        // ASCII by byte ranges; other scalars by Foundation's set (letters, marks, digits).
        String(
            text.lowercased().unicodeScalars.filter { scalar in
                scalar.isASCII
                    ? ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                    : CharacterSet.alphanumerics.contains(scalar)
            })
    }

    /// Whether a title's trailing segment names the site by its host ("Ironhack Blog" on
    /// ironhack.com, "CBC Bank" on cbcbank.com): its letters are a host label, or start with
    /// one and add a word at most ("blog", "news").
    private func namesHost(_ tail: String) -> Bool {
        let key = Self.hostKey(tail)
        guard key.count >= 4 else { return false }
        return hostLabels.contains { label in
            key == label || key.hasPrefix(label) && key.count <= label.count + 6 && tail.contains(" ")
                || key.hasPrefix(label) && tail.lowercased().hasSuffix("." + key.dropFirst(label.count))
                    && key.count > label.count
        }
    }

    /// The UTF-8 length of the JSON-LD article body (0 without one).
    var articleBodyByteCount: Int { (ld("articleBody") as? String)?.utf8.count ?? 0 }

    /// The article body as JSON-LD states it, split into paragraphs at line breaks.
    var articleBody: [String] {
        guard let body = ld("articleBody") as? String else { return [] }
        let decoded = body.contains("<") ? Self.stripTags(body) : body
        return decoded.components(separatedBy: .newlines).map(Whitespace.collapse).filter { !$0.isEmpty }
    }

    /// Plain text of an HTML fragment: tags become line breaks, entities are decoded later.
    static func stripTags(_ html: String) -> String {
        var out = ""
        var inTag = false
        for ch in html {
            if ch == "<" {
                inTag = true
                out.append("\n")
            } else if ch == ">" {
                inTag = false
            } else if !inTag {
                out.append(ch)
            }
        }
        return out
    }

    /// Keywords: `article:tag` (one per tag), JSON-LD `keywords` (a list or a comma-separated
    /// string), `keywords`/`news_keywords` meta; each once, in order, at most 30.
    var tags: [String] {
        var raw: [String] = model.meta["article:tag"] ?? []
        switch ld("keywords") {
        case let list as [Any]: raw += list.compactMap { $0 as? String }
        case let text as String: raw += text.split(separator: ",").map(String.init)
        default: break
        }
        if raw.isEmpty {
            for key in ["news_keywords", "keywords"] {
                for value in model.meta[key] ?? [] {
                    raw += value.split(whereSeparator: { $0 == "," || $0 == ";" }).map(String.init)
                }
                if !raw.isEmpty { break }
            }
        }
        var seen = Set<String>()
        var tags: [String] = []
        for tag in raw.map({ Whitespace.collapse($0) })
        where !tag.isEmpty && tag.count <= 80 && seen.insert(tag.lowercased()).inserted {
            tags.append(tag)
            if tags.count == 30 { break }
        }
        return tags
    }

    /// `article:section`, else JSON-LD `articleSection` (its first entry when a list).
    var section: String? {
        if let value = meta("article:section") { return Whitespace.collapse(value) }
        switch ld("articleSection") {
        case let text as String where Whitespace.hasContent(text): return Whitespace.collapse(text)
        case let list as [Any]: return (list.first as? String).map(Whitespace.collapse)
        default: return nil
        }
    }

    /// The page declares a paywall: JSON-LD `isAccessibleForFree` false (a boolean or the
    /// string "False"), or `article:content_tier` "locked" or "metered".
    var paywalled: Bool {
        switch ld("isAccessibleForFree") {
        case let flag as Bool where !flag: return true
        case let text as String where text.lowercased() == "false": return true
        default: break
        }
        if let tier = meta("article:content_tier")?.lowercased(), tier == "locked" || tier == "metered" { return true }
        return false
    }

    var declaredLanguage: String? {
        if let lang = model.htmlLang?.trimmingCharacters(in: .whitespaces), !lang.isEmpty { return lang }
        if let locale = meta("og:locale", "http-equiv:content-language", "language", "inlanguage") { return locale }
        return ld("inLanguage") as? String
    }

    /// The headline the JSON-LD declares for the article, when it is more than the site's name.
    var declaredHeadline: String? {
        (ld("headline") as? String).map(Whitespace.collapse).flatMap { isSiteName($0) || $0.isEmpty ? nil : $0 }
    }

    /// Whether the JSON-LD object that declares the headline is a news article (NewsArticle,
    /// ReportageNews, AnalysisNewsArticle…): a newsroom's CMS fills its headline from the
    /// editors' headline. SEO plugins fill a plain Article's, BlogPosting's or WebPage's from
    /// the SEO title ("… | Accruent", "Top 10 Picks"), and there the visible <h1> is the headline.
    private var declaresNewsArticle: Bool {
        guard let holder = articles.first(where: { $0["headline"] != nil }) else { return false }
        return Self.types(of: holder).contains { $0.contains("News") }
    }

    /// Text with typographic quotes and apostrophes as ASCII ones.
    static func foldingQuotes(_ text: String) -> String {
        String(
            text.map { character -> Character in
                switch character {
                case "‘", "’", "‚", "‛", "′": return "'"
                case "“", "”", "„", "‟", "″", "«", "»": return "\""
                default: return character
                }
            })
    }

    /// A "title" that is only the site's name (a logo in <h1>, a generic og:title) is not a headline.
    private func isSiteName(_ text: String) -> Bool {
        // The host's name, alone or after a section's name of a few words or characters
        // ("国際ニュース：AFPBB News" on afpbb.com, a logo in an <h1>).
        if namesHost(text) { return true }
        if let (head, tail) = splitSiteSuffix(text, siteOnly: true), namesHost(tail), head.count <= 16 { return true }
        // A domain name written out ("davidbau.com" in an <h1>) is a logo, whatever the host.
        if RegistrableDomain.isDomainName(text) { return true }
        // A blog's name printed as its <h1> while the post's title is the og:title: the
        // <title> is the two joined by a separator ("Engora Data Blog: Small adventures …").
        if let og = meta("og:title"), let document = model.title, Self.joins(document, text, og) { return true }
        guard let site = siteName.map({ Whitespace.collapse($0).lowercased() }), !site.isEmpty else { return false }
        let t = text.lowercased()
        if t == site || site.contains(t) { return true }
        // "Home - Example News": little text besides the name (weighed, so that a short CJK headline counts).
        return t.contains(site) && TextWeight.of(t.replacingOccurrences(of: site, with: "")).weight <= 12
    }

    /// Whether `damaged` is `intact` with characters lost to a wrong encoding: each "?" or
    /// U+FFFD in it stands for one to three characters of `intact`, at least one of them a
    /// letter or digit (so that "safe?" for "safe:" is punctuation chosen, not damage), and
    /// the rest is equal.
    static func lostCharacters(in damaged: String, of intact: String) -> Bool {
        let broken = Array(damaged)
        let whole = Array(intact)
        // Backtracking tries three widths per mark: a headline's few marks at most (eight: 6,561
        // paths), never a hostile page's thousand.
        guard broken != whole, broken.count <= 400, whole.count <= 1200,
            broken.lazy.filter({ $0 == "?" || $0 == "\u{FFFD}" }).prefix(9).count <= 8
        else { return false }
        // Positions (i in broken, j in whole), the marks matched so far.
        func match(_ i: Int, _ j: Int, _ lostLetter: Bool) -> Bool {
            if i == broken.count { return j == whole.count && lostLetter }
            let mark = broken[i]
            if mark == "?" || mark == "\u{FFFD}" {
                for width in 1...3 where j + width <= whole.count {
                    let lost = whole[j..<(j + width)]
                    if match(i + 1, j + width, lostLetter || lost.contains { $0.isLetter || $0.isNumber }) {
                        return true
                    }
                }
                return false
            }
            return j < whole.count && whole[j] == mark && match(i + 1, j + 1, lostLetter)
        }
        return match(0, 0, false)
    }

    /// Whether `document` is `name` and `headline` joined by a separator (in either order):
    /// letters and digits on neither side of it, three characters at most (": ", " | ", " - ").
    static func joins(_ document: String, _ name: String, _ headline: String) -> Bool {
        // Lengths first: most documents are not two texts and a separator long.
        guard document.utf8.count > name.utf8.count + headline.utf8.count else { return false }
        let whole = Array(Whitespace.collapse(document).lowercased().utf8)
        let first = Array(Whitespace.collapse(name).lowercased().utf8)
        let second = Array(Whitespace.collapse(headline).lowercased().utf8)
        guard !first.isEmpty, !second.isEmpty, first != second, whole.count > first.count + second.count else {
            return false
        }
        func separated(_ head: [UInt8], _ tail: [UInt8]) -> Bool {
            guard whole.starts(with: head), whole.reversed().starts(with: tail.reversed()) else { return false }
            let middle = String(decoding: whole[head.count..<(whole.count - tail.count)], as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
            return !middle.isEmpty && middle.count <= 3 && !middle.contains { $0.isLetter || $0.isNumber }
        }
        return separated(first, second) || separated(second, first)
    }

    /// The headline a reader sees above the article: the last `<h1>` before the body's first
    /// paragraph (within 40 blocks of it), unless it is the site's name, a bare label, a
    /// section's name (it shares no third of its words with the meta titles) or a kicker run
    /// into the meta title. Where a news article's JSON-LD declares a headline, only when the
    /// `<h1>` and og:title agree against it. ``title(headings:subheadings:)`` decides where this
    /// finds nothing.
    func visibleHeadline(beforeBlock first: Int) -> String? {
        let blocks = model.blocks
        guard first <= blocks.count else { return nil }
        for index in stride(from: first - 1, through: max(0, first - 40), by: -1) {
            let block = blocks[index]
            guard block.kind == .heading, block.headingLevel == 1 else { continue }
            let text = Whitespace.collapse(block.text)
            guard TextWeight.of(text).weight >= 8, !isSiteName(text) else { return nil }
            let metaTitles = [meta("og:title", "twitter:title"), model.title].compactMap { $0 }
                .map { stripSiteSuffix(Whitespace.collapse($0)).lowercased() }.filter { !$0.isEmpty }
            let lower = text.lowercased()
            if let declared = declaredHeadline, declaresNewsArticle {
                // The JSON-LD headline is the publisher's declared one and stands, unless the
                // <h1> and og:title agree on another: two witnesses against one (the JSON-LD
                // then holds an SEO or teaser variant).
                let og = meta("og:title", "twitter:title").map { Self.words(Whitespace.collapse($0).lowercased()) }
                let words = Self.words(lower)
                return og == words && Self.words(declared.lowercased()) != words ? text : nil
            }
            // Characters the page's encoding lost: "Beginner? Guide" where the meta title has
            // "Beginner's Guide". The meta title has them.
            if text.contains(where: { $0 == "?" || $0 == "\u{FFFD}" }),
                metaTitles.contains(where: { Self.lostCharacters(in: lower, of: $0) })
            {
                return nil
            }
            // An <h1> that is a kicker run into the headline ("Minderheit in Syrien Drusen
            // fordern …") ends with the meta title: the meta title is the headline.
            if metaTitles.contains(where: { lower.count > $0.count && lower.hasSuffix($0) }) { return nil }
            // A section's name in the <h1> ("Allergies Health Center") shares no words with the
            // page's titles: a headline shares a third of its words at least.
            if !metaTitles.isEmpty {
                let words = Self.words(lower)
                let titleWords = Set(metaTitles.flatMap(Self.words))
                guard !words.isEmpty, 3 * words.filter(titleWords.contains).count >= words.count else { return nil }
                // The same words as a meta title. Only quoted otherwise: nothing to change (the
                // meta title stands), unless a declared headline would stand instead. Punctuated
                // otherwise (the question mark, the full stop or the dash the meta title dropped,
                // Markdown's asterisks it kept): the headline as the reader sees it.
                if let same = metaTitles.first(where: { Self.words($0) == words }) {
                    if Self.foldingQuotes(same) == Self.foldingQuotes(lower) {
                        return declaredHeadline == nil ? nil : text
                    }
                    return text
                }
            }
            return text
        }
        return nil
    }

    /// Lowercased words (letters and digits), for comparing headlines.
    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// The headline: the JSON-LD headline; else the visible `<h1>` when a meta title confirms
    /// it (meta titles often carry a " | Site" suffix); else og:title or `<title>`, each
    /// without a site suffix the page shows to be one. `headings` are the page's first `<h1>`s;
    /// `subheadings` (its first `<h2>`–`<h4>`s) only confirm that a site suffix is cut, on
    /// themes that print the headline in a lower heading.
    func title(headings: [String], subheadings: [String] = []) -> String? {
        declaredOrVisibleTitle(headings: headings, subheadings: subheadings).map(Self.longestPipeSegment)
    }

    /// A headline without the site's name printed around it: a trailing segment that is the
    /// site's declared name or its host ("… 2025 – Artlyst"), a leading one that is its host
    /// written out ("SoundStageXperience.com - The Five Best …"). Some themes print it in the
    /// <h1> itself; the headline is the rest.
    func withoutSiteName(_ title: String) -> String {
        var text = cutSitePrefix(title)
        if let (head, tail) = splitSiteSuffix(text, siteOnly: true) {
            // The declared name, or the domain's own label ("Urge Fitness" on urgefitness.com);
            // not a subdomain's ("News" on news.example.com is a section's word as often).
            let site = siteName.map { Whitespace.collapse($0).lowercased() }
            if Whitespace.collapse(tail).lowercased() == site || Self.hostKey(tail) == hostLabels.last { text = head }
        }
        return text
    }

    /// The title without a leading segment that is the site's host written out
    /// ("SoundStageXperience.com - The Five Best Headphones"): a prefix some CMSs put before
    /// every page's title. Only the host: a leading word or two may be the headline's own.
    private func cutSitePrefix(_ title: String) -> String {
        for separator in [" - ", " – ", " — ", " | ", ": "] {
            guard let range = title.range(of: separator) else { continue }
            let head = String(title[..<range.lowerBound])
            let rest = Whitespace.trim(String(title[range.upperBound...]))
            guard head.contains("."), !rest.isEmpty, namesHost(head) else { continue }
            return rest
        }
        return title
    }

    /// A title that still holds " | " once its site suffix is gone: the pipe sets the headline
    /// apart from what is printed with it (a section label, a subtitle, a site name on either
    /// side: "Best Residential Movers in NYC 2025 | Top 19 Companies", "… | Opinion", "The Agency
    /// | ML at Georgia Tech"); it does not join the words of one headline. The segment of the
    /// most words is the headline; a title whose segments are single words stays whole.
    static func longestPipeSegment(_ title: String) -> String {
        guard title.contains(" | ") else { return title }
        func words(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }
        let segments = title.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let longest = segments.max(by: { words($0) < words($1) }), words(longest) >= 2 else { return title }
        return longest
    }

    private func declaredOrVisibleTitle(headings: [String], subheadings: [String]) -> String? {
        let site = siteName.map { Whitespace.collapse($0).lowercased() }
        let ogTitle = meta("og:title", "twitter:title").map(Whitespace.collapse).flatMap { isSiteName($0) ? nil : $0 }
        let headline = (ld("headline") as? String).map(Whitespace.collapse).flatMap { isSiteName($0) ? nil : $0 }
        let documentTitle = model.title.map(Whitespace.collapse).flatMap { isSiteName($0) ? nil : $0 }
        // A trailing segment is cut when it is the site's declared name, or when the page also
        // states the headline without it (its <h1>, og:title, twitter:title or itemprop
        // headline). A tail that only resembles the name ("：日本経済新聞" of "日本経済新聞 電子版")
        // or is merely short, with nothing to confirm the cut, stays as the publisher wrote it:
        // better a site name left in than a headline's own last words cut.
        let witnesses = Set(
            ([meta("og:title"), meta("twitter:title"), meta("headline")] + headings + subheadings)
                .compactMap { $0.map { Whitespace.collapse($0).lowercased() } })
        func cutSiteSuffix(_ text: String, siteOnly: Bool = false) -> String {
            guard let (head, tail) = splitSiteSuffix(text, siteOnly: siteOnly) else { return text }
            if let site, Whitespace.collapse(tail).lowercased() == site { return head }
            if namesHost(tail) { return head }
            return witnesses.contains(head.lowercased()) ? head : text
        }
        // The JSON-LD headline is the one the publisher declares for this article (peers such
        // as trafilatura read it first too); og:title and <h1> are often social or teaser variants.
        // A site suffix is cut from it only when it names the site: its other dashes are the headline's.
        if let headline { return cutSiteSuffix(headline, siteOnly: true) }
        let candidates = [ogTitle, headline, documentTitle].compactMap { $0 }.filter { !$0.isEmpty }
        let stripped = candidates.map { stripSiteSuffix($0).count }
        let lowered = candidates.map { $0.lowercased() }
        // The visible <h1> wins when a meta title confirms it and it is a good part of that title
        // (a third at least): a logo <h1> ("CNN", "Salon") sits inside "<headline> - CNN" but is
        // not the headline.
        // An <h1> that continues a meta title is the full headline the meta title cut short.
        for h1 in headings.map(Whitespace.collapse) where !h1.isEmpty && !isSiteName(h1) {
            let lower = h1.lowercased()
            let confirmed = lowered.indices.contains { index in
                let c = lowered[index]
                if c.contains(lower) { return h1.count * 3 >= stripped[index] }
                // Continued after a space, not glued to the next element's text ("…InfantaUltima Hora").
                guard c.count >= 20, lower.hasPrefix(c), let next = lower.dropFirst(c.count).first else { return false }
                return next.isWhitespace
            }
            if confirmed { return h1 }
        }
        // og:title often repeats the JSON-LD headline with the site appended: take the headline.
        if let ogTitle, let headline, ogTitle.count > headline.count, ogTitle.hasPrefix(headline) { return headline }
        if let best = ogTitle ?? headline ?? documentTitle {
            return cutSiteSuffix(withoutLogo(best, headings: headings))
        }
        return headings.first.map(Whitespace.collapse)
    }

    /// A title without the site's name where the page prints that name as its <h1> logo and
    /// the title begins with it ("davidbau.com Vibe Coding" under an <h1> "davidbau.com"): the
    /// rest, past a separator if there is one. Other titles are returned as they are.
    private func withoutLogo(_ title: String, headings: [String]) -> String {
        let lower = title.lowercased()
        for logo in headings.map({ Whitespace.collapse($0).lowercased() }) where !logo.isEmpty {
            guard lower.hasPrefix(logo + " "), isSiteName(logo) else { continue }
            let rest = title.dropFirst(logo.count).drop { $0.isWhitespace || ($0.isPunctuation && $0 != "\"") }
            if TextWeight.of(String(rest)).weight >= 8 { return String(rest) }
        }
        return title
    }

    private static let titleSeparators: [(text: String, bytes: [UInt8])] =
        [" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", "：", "｜", "ㅣ", " _ ", "_"].map {
            ($0, Array($0.utf8))
        }

    /// Byte offset of the last occurrence of `needle` in `haystack`.
    private static func lastOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var start = haystack.count - needle.count
        while start >= 0 {
            if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return start
            }
            start -= 1
        }
        return nil
    }

    private func stripSiteSuffix(_ title: String, siteOnly: Bool = false) -> String {
        splitSiteSuffix(title, siteOnly: siteOnly)?.head ?? title
    }

    /// The title before and after its last separator when what follows looks like the site's
    /// name (or, unless `siteOnly`, a short section or site tag); nil when it does not.
    private func splitSiteSuffix(_ title: String, siteOnly: Bool) -> (head: String, tail: String)? {
        let site = siteName?.lowercased()
        let bytes = Array(title.utf8)
        for (separator, separatorBytes) in Self.titleSeparators {
            guard let offset = Self.lastOffset(of: separatorBytes, in: bytes) else { continue }
            let head = String(decoding: bytes[..<offset], as: UTF8.self)
            let tail = String(decoding: bytes[(offset + separatorBytes.count)...], as: UTF8.self).trimmingCharacters(
                in: .whitespaces)
            guard !head.isEmpty, !tail.isEmpty else { continue }
            if let site, tail.lowercased().contains(site) || site.contains(tail.lowercased()) { return (head, tail) }
            if namesHost(tail) { return (head, tail) }
            // Separators that also occur inside headlines only go with the site's name.
            guard !siteOnly, separator.hasPrefix(" "), separator != " _ " else { continue }
            // "Headline: – quote" is a quotation, not a site suffix (Nordic press style).
            if head.hasSuffix(":") { continue }
            if tail.count < head.count / 2, tail.split(separator: " ").count <= 4 { return (head, tail) }
        }
        return nil
    }

    /// The article's authors; `titles` (the headline shown and the one declared) find the line
    /// a byline no markup marks stands under.
    func authors(titles: [String]) -> [String] {
        var names: [String] = []
        func add(_ raw: String) { appendNames(in: raw, to: &names) }
        // JSON-LD: people first; an organisation only when no person is named.
        var people: [String] = []
        var organisations: [String] = []
        collectLDAuthors(ld("author"), people: &people, organisations: &organisations)
        for name in people.isEmpty ? organisations : people { add(name) }
        if names.isEmpty {
            for key in [
                "author", "article:author", "byl", "sailthru.author", "parsely-author", "cxenseparse:author",
                "dc.creator", "dcterms.creator",
            ] {
                for value in model.meta[key] ?? [] where !value.hasPrefix("http") { add(value) }
                if !names.isEmpty { break }
            }
        }
        if names.isEmpty { for name in citationAuthors + labelledAuthors { add(name) } }
        let group = firstBylineGroup
        var byline: [String] = []
        for element in group { appendNames(in: element.text, to: &byline) }
        // The group read as one byline: a name another element credits with an update or a
        // review ("Updated by" around the link "Jon Linkov") and a title standing in its own
        // element ("Founder") are not authors when a person is named.
        let others = Set(group.flatMap { rules.names.creditedOthers($0.text) }.map { $0.lowercased() })
        var writers = byline.filter { !others.contains($0.lowercased()) && !rules.names.isTitleOnly($0) }
        // One element's text holding another's name with more glued around it ("Posted
        // byDamien Walter" beside the link "Damien Walter"): the name alone is the author.
        writers = writers.filter { name in
            !writers.contains { $0.count < name.count && name.lowercased().contains($0.lowercased()) }
        }
        if !writers.isEmpty { byline = writers }
        // Without a marked byline, and where the metadata names no person: the line under the
        // headline, then an author-class element, then an author box's heading.
        if byline.isEmpty, names.allSatisfy(isPublisherName) {
            let fallbacks = [{ textByline(titles: titles) }, authorClassNames, authorBoxHeading]
            byline = fallbacks.lazy.map { $0() }.first { !$0.isEmpty } ?? []
        }
        if names.isEmpty {
            names = byline
        } else if names.allSatisfy(isPublisherName) {
            // Metadata that names only the publisher ("stern.de", the site's name) as author,
            // next to a visible byline naming people: the byline is the better answer.
            let people = byline.filter { !isPublisherName($0) }
            if !people.isEmpty { names = people }
        } else {
            // Metadata that kept only the first of several authors the byline marks one by one
            // (`rel="author"` on each name).
            // A name already there, also with a role after it ("Martí Abad (Enviado especial)"), is not added again.
            for name in semanticNames(of: group)
            where !names.contains(where: { name.lowercased().contains($0.lowercased()) }) {
                names.append(name)
            }
        }
        // People named next to the publisher: the publisher is not an author of its own.
        let persons = names.filter { !isPublisherName($0) }
        return persons.isEmpty ? names : persons
    }

    /// Scholarly pages' `citation_author` metas, one per author, written "Roy, Aniruddha" or
    /// "Aniruddha Roy": each one name, never split at its comma.
    private var citationAuthors: [String] {
        (model.meta["citation_author"] ?? []).compactMap { value in
            let parts = value.split(separator: ",").map { Whitespace.trim(String($0)) }
            switch parts.count {
            case 1: return parts[0].isEmpty ? nil : parts[0]
            case 2 where !parts[0].isEmpty && !parts[1].isEmpty: return parts[1] + " " + parts[0]
            default: return nil
            }
        }
    }

    /// The author in the label/value pairs SEO plugins put in twitter metas for link previews
    /// (`twitter:label1` "Written by", `twitter:data1` the name).
    private var labelledAuthors: [String] {
        for index in 1...4 {
            guard let label = model.meta["twitter:label\(index)"]?.first,
                let value = model.meta["twitter:data\(index)"]?.first,
                rules.names.isBareOpener(label)
            else { continue }
            return [value]
        }
        return []
    }

    /// The `<h1>` block holding the headline: bylines and datelines stand just under it. With
    /// several `<h1>`s (a logo's, "国際ニュース：AFPBB News", then the article's), the one that
    /// holds one of `titles` (the visible headline, the one ``title(headings:subheadings:)`` found); else an
    /// `<h2>` before them that does; else the first `<h1>` sharing the titles' words; else the first.
    private func headlineBlock(titles: [String]) -> Int? {
        let blocks = model.blocks
        let h1s = blocks.indices.filter { blocks[$0].kind == .heading && blocks[$0].headingLevel == 1 }
        // Compared by their words, so that quotes and dashes printed otherwise ("Houston's" in
        // the <h1>, "Houston’s" in the meta title) do not hide the match.
        let wanted = titles.map { " " + Self.words($0.lowercased()).joined(separator: " ") + " " }
            .filter { $0.count > 2 }
        func matches(_ index: Int) -> Bool {
            let text = " " + Self.words(blocks[index].text.lowercased()).joined(separator: " ") + " "
            guard text.count > 2 else { return false }
            return wanted.contains { text.contains($0) || ($0.contains(text) && text.count * 2 >= $0.count) }
        }
        if let match = h1s.first(where: matches) { return match }
        // Themes that style the headline as an <h2> (their <h1> is the site's name, a section,
        // or a heading inside the text): an <h2> before every <h1> that reads as the title. Not
        // only the first <h2>: shop themes put a cart drawer's ("Your cart is empty") above it.
        let beforeH1 = blocks.indices.prefix(upTo: h1s.first ?? blocks.count)
        if let h2 = beforeH1.first(where: { blocks[$0].kind == .heading && blocks[$0].headingLevel == 2 && matches($0) }
        ) {
            return h2
        }
        // No heading holds the title (og:title is a social variant, "The Best New Restaurants…"
        // over "Houston's Hottest New Restaurants…"): past a logo's <h1>, the first that shares
        // half of its words (two at least) with the title; a sub-heading shares one at most.
        let titleWords = Set(titles.flatMap { Self.words($0.lowercased()) })
        let headline = h1s.first { index in
            let text = Whitespace.collapse(blocks[index].text)
            let words = Self.words(text.lowercased())
            let shared = words.filter(titleWords.contains).count
            return shared >= 2 && 2 * shared >= words.count && !isSiteName(text)
        }
        if let headline = headline ?? h1s.first { return headline }
        // A page with no <h1> at all: its first <h2> that shares three words and a third of its
        // words with the title (a longer variant of it) is the headline the theme styles so; the
        // <h2>s before it are a cart's or a menu's.
        let sharing = blocks.indices.first { index in
            guard blocks[index].kind == .heading, blocks[index].headingLevel == 2 else { return false }
            let words = Self.words(Whitespace.collapse(blocks[index].text).lowercased())
            let shared = words.filter(titleWords.contains).count
            return shared >= 3 && 3 * shared >= words.count
        }
        if let sharing { return sharing }
        // No heading at all for it: site builders print the headline as a styled paragraph.
        // The first paragraph that is the title, word for word, and of three words at least
        // (not "Home" or "Blog"), is that headline.
        // Byte lengths first: a paragraph far shorter or longer than every title is none of them.
        let lengths = titles.map(\.utf8.count)
        guard let shortest = lengths.min(), let longest = lengths.max() else { return nil }
        return blocks.indices.first { index in
            let length = blocks[index].text.utf8.count
            guard blocks[index].kind == .paragraph, length * 2 >= shortest, length <= 2 * longest, length <= 300
            else { return false }
            let text = " " + Self.words(blocks[index].text.lowercased()).joined(separator: " ") + " "
            return text.split(separator: " ").count >= 3 && wanted.contains(text)
        }
    }

    /// A byline no markup marks, told by its words: a short line just under the `<h1>` that
    /// opens with "By", "Von:", "Par", "Texto:"… and goes on with names ("Von: Bill McCarthy,
    /// Marisha Goldhamer"). Every part must read as a name (its words capitalised, particles
    /// aside), so "Von Montag an gilt die neue Regel" is not one.
    private func textByline(titles: [String]) -> [String] {
        let blocks = model.blocks
        guard let h1 = headlineBlock(titles: titles) else { return [] }
        func names(_ text: String) -> [String]? {
            let names = rules.names.splitNames(text)
            if !names.isEmpty && names.allSatisfy(rules.names.readsAsName) { return names }
            // A byline and its date on one line ("By Sofia Gonzalez December 2, 2025", "By Haley
            // Hoekstra • March 12, 2025"): the names are the words before the date or the mark.
            let head = bylineHead(text)
            guard head.count < text.count else { return nil }
            let headNames = rules.names.splitNames(head)
            return !headNames.isEmpty && headNames.allSatisfy(rules.names.readsAsName) ? headNames : nil
        }
        // Under the headline first, then the three lines above it (not past a heading), where
        // blog themes print "Published August 7, 2023 by Nicole Burke".
        var indices = Array((h1 + 1)..<min(blocks.count, h1 + 11))
        for index in stride(from: h1 - 1, through: max(0, h1 - 3), by: -1) {
            if blocks[index].kind == .heading { break }
            indices.append(index)
        }
        for index in indices where blocks[index].text.utf8.count <= 160 {
            let text = blocks[index].text
            if rules.names.bylineOpenerLength(text) != nil, let found = names(text) { return found }
            // The label on a line of its own ("Written by", "Author"), the names on the next.
            if rules.names.isBareOpener(text), index + 1 < blocks.count, blocks[index + 1].text.utf8.count <= 80,
                blocks[index + 1].kind != .heading, let found = names(blocks[index + 1].text)
            {
                return found
            }
            // A name, then its title or the date, set apart by marks ("Aaron Ricadela | Senior
            // Writer | July 2, 2025"): the first part is the byline when it is a full name.
            if let found = markedApartName(text) { return [found] }
            // A date, then the opener: "September 1st, 2023 By Emily Norwood".
            if let (before, after) = rules.names.openerAfterStart(text),
                rules.dates.firstDate(in: before, defaultZone: Self.utc) != nil, let found = names(after)
            {
                return found
            }
        }
        return []
    }

    /// The first part of a line cut by " | ", " • " or " · " when it is a full name (two to four
    /// capitalised words) and another part is a date or a job title.
    private func markedApartName(_ text: String) -> String? {
        let marks = [" | ", " • ", " · "]
        guard let mark = marks.first(where: { UTF8Search.contains($0, in: text) }) else { return nil }
        let parts = text.components(separatedBy: mark).map { Whitespace.trim($0) }
        guard parts.count >= 2, let first = parts.first else { return nil }
        guard (2...4).contains(first.split(separator: " ").count), rules.names.readsAsFullName(first),
            rules.names.isPlainName(first)
        else { return nil }
        let vouched = parts.dropFirst().contains { part in
            rules.names.isTitleOnly(part) || rules.dates.firstDate(in: part, defaultZone: Self.utc) != nil
        }
        return vouched ? first : nil
    }

    /// The words of a line before its first number, month name or separating mark ("•", "·",
    /// "|"): where a byline line ends and its date begins.
    private func bylineHead(_ text: String) -> String {
        var kept: [Substring] = []
        for word in text.split(separator: " ") {
            let bare = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
            if word.contains(where: \.isNumber) || rules.dates.monthNames[bare] != nil
                || word.allSatisfy({ "•·|–—".contains($0) })
            {
                break
            }
            kept.append(word)
        }
        return kept.joined(separator: " ")
    }

    /// Names of a byline's elements marked `rel="author"`/`itemprop="author"` that hold one
    /// name and nothing else, when there are several.
    private func semanticNames(of byline: [Byline]) -> [String] {
        let group = byline.filter(\.semantic)
        let names = group.compactMap { byline -> String? in
            let parts = rules.names.splitNames(byline.text)
            guard parts.count == 1, let name = parts.first, name == Whitespace.collapse(byline.text) else { return nil }
            return name
        }
        guard names.count == group.count, Set(names.map { $0.lowercased() }).count >= 2 else { return [] }
        return names
    }

    /// The names in the first element marked only by an author class whose text is a byline:
    /// names alone, after an opener at most ("By Haley Hoekstra", "Podium Staff"). Its text must
    /// be short, so an author box's bio ("Lauren Vetter is a marketing professional…") is not read.
    private func authorClassNames() -> [String] {
        for byline in model.bylines where byline.authorClassOnly && byline.text.count <= 80 {
            let names = rules.names.splitNames(byline.text)
            // Letters, spaces and the marks names carry only: a form's "Name *" is no byline.
            let nameLike = names.allSatisfy { rules.names.readsAsName($0) && rules.names.isPlainName($0) }
            if !names.isEmpty, names.count <= 4, nameLike { return names }
        }
        return []
    }

    /// The heading of a box about the author, anywhere on the page: "Written by Cassidy
    /// Horton", or "Article by" over a line with the names. Read only where nothing nearer the
    /// headline names anybody.
    private func authorBoxHeading() -> [String] {
        let blocks = model.blocks
        // Full names only (two words or more): a menu's "By Role" heading is no author box.
        func names(_ text: String) -> [String]? {
            let names = rules.names.splitNames(text)
            let full = names.allSatisfy { rules.names.readsAsName($0) && $0.split(separator: " ").count >= 2 }
            return !names.isEmpty && names.count <= 4 && full ? names : nil
        }
        for (index, block) in blocks.enumerated() where block.kind == .heading && block.text.count <= 80 {
            if rules.names.bylineOpenerLength(block.text) != nil, let found = names(block.text) { return found }
            if rules.names.isBareOpener(block.text), index + 1 < blocks.count, blocks[index + 1].text.count <= 80,
                blocks[index + 1].kind != .heading, let found = names(blocks[index + 1].text)
            {
                return found
            }
        }
        return []
    }

    /// The page's first byline. Author elements standing together (one per author, with at
    /// most a few words between them) make one byline; the first is the article's, later ones
    /// belong to teasers and author boxes.
    private var firstBylineGroup: [Byline] {
        let marked = model.bylines.filter { !$0.authorClassOnly }
        guard let first = marked.first else { return [] }
        var group: [Byline] = []
        var end = first.offset + first.weight
        for byline in marked {
            if byline.offset > end + 40 { break }
            end = max(end, byline.offset + byline.weight)
            group.append(byline)
        }
        return group
    }

    /// Appends the names a byline text holds that are not in `names` yet (case-insensitively).
    private func appendNames(in raw: String, to names: inout [String]) {
        for name in rules.names.splitNames(raw) where !names.contains(where: { $0.lowercased() == name.lowercased() }) {
            names.append(name)
        }
    }

    /// Whether a name is the publication rather than a person: the site's or publisher's
    /// name, or a domain name.
    func isPublisherName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if publishers.contains(where: { $0 == lower || $0.contains(lower) || lower.contains($0) }) { return true }
        // "LTO" for "Legal Tribune Online": the publisher's initials.
        if (2...5).contains(name.count), name.allSatisfy({ $0.isUppercase }),
            publishers.contains(where: { String($0.split(separator: " ").compactMap(\.first)) == lower })
        {
            return true
        }
        // "stern.de", "ntv.com.tr", "lrt.lt": a domain, not a person.
        let labels = lower.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0 >= "a" && $0 <= "z" })
        else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
        }
    }

    private func collectLDAuthors(_ value: Any?, people: inout [String], organisations: inout [String]) {
        switch value {
        case let s as String: people.append(s)
        case let d as [String: Any]:
            guard let name = d["name"] as? String else { return }
            if (d["@type"] as? String)?.hasSuffix("Organization") == true {
                organisations.append(name)
            } else {
                people.append(name)
            }
        case let a as [Any]: for item in a { collectLDAuthors(item, people: &people, organisations: &organisations) }
        default: break
        }
    }

    /// Publication and update dates as the page gives them, most trustworthy first: the
    /// markup's (JSON-LD, meta, `<time>`), then, when the markup names no publication date it
    /// can be read from, the line under the headline that prints it ("erstellt: 01. April
    /// 2025, 15:25").
    func dateCandidates(
        titles: [String], bodyStart: Int? = nil, authors: [String] = []
    ) -> (published: [String], modified: [String]) {
        // Found once: the readings below start from the headline.
        let headline = headlineBlock(titles: titles)
        var published = publishedCandidates(headline: headline)
        var modified = modifiedCandidates
        let header = headline.flatMap { headerDateline(under: $0) }
        // Read once; with a header dateline it is not needed (that line then dates the page).
        let labelled = header == nil ? labelledPublicationLine() : nil
        if let header, !agreesWithMarkup(header, published: published, modified: modified) {
            published.insert(header.line, at: 0)
        } else if let line = labelled,
            let shown = rules.dates.firstDate(in: line, defaultZone: Self.utc),
            !agreesWithMarkup((line, shown), published: published, modified: modified)
        {
            published.insert(line, at: 0)
        }
        guard !published.contains(where: { DateParser.parse($0) != nil }) else { return (published, modified) }
        // No machine date: the header's dateline first, then the looser reading below.
        if let header, published.isEmpty { published.append(header.line) }
        func add(_ line: String) { if !published.contains(line) { published.append(line) } }
        if let visible = headline.flatMap(visibleDateLines(under:)) {
            if let line = visible.published { add(line) }
            if let line = visible.modified { modified.append(line) }
        } else if let bodyStart, let line = datelineAboveBody(bodyStart), modified.isEmpty {
            add(line)
        }
        // Then a dateline next to the byline, wherever the theme prints the two (an author box
        // under the text: "Written by Moses Kim", "April 8, 2024").
        if published.isEmpty, let line = datelineByByline(authors) { published.append(line) }
        // Then the one line of the page that labels a date as the publication's ("Published On:
        // 15 August 2025"), wherever the theme prints it: in a side column, under the text.
        if published.isEmpty, let line = labelled { published.append(line) }
        // Last, the date a URL's path states ("/2025/12/18/slug", "/articles/2025-12-15+title"):
        // the day the CMS filed the article, when neither markup nor a dateline says it.
        if let urlDate = Self.pathDate(canonicalURL) ?? Self.pathDate(pageURL) { published.append(urlDate) }
        // Then the day in the path of the page's share image ("/news_photos/2025/12/20/…"): a
        // news CMS files a story's photos under the day it publishes the story.
        if published.isEmpty, modified.isEmpty, let image = model.meta["og:image"]?.first,
            let imageDate = Self.pathDate(WebURL.resolveLink(image, against: pageURL ?? canonicalURL ?? "") ?? image)
        {
            published.append(imageDate)
        }
        // A page that prints no publication date but one update line ("Last updated: November
        // 13, 2025") is dated by it (the normalizer dates a record by its update when nothing
        // else dates it); the markup gave no update date either.
        if published.isEmpty, modified.isEmpty, let line = labelledUpdateLine() { modified.append(line) }
        return (published, modified)
    }

    private static let pathDatePattern = try! NSRegularExpression(
        pattern: #"/((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?:[/+_.-]|$)"#)

    /// "YYYY-MM-DD" from a URL's path, or nil.
    static func pathDate(_ url: String?) -> String? {
        guard let url, let parsed = WebURL(url) else { return nil }
        let path = parsed.path
        guard let match = pathDatePattern.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)),
            let year = Range(match.range(at: 1), in: path), let month = Range(match.range(at: 2), in: path),
            let day = Range(match.range(at: 3), in: path)
        else { return nil }
        return "\(path[year])-\(path[month])-\(path[day])"
    }

    /// A line that is only a date, just after or just before the first short line that names
    /// the first of `authors`: a byline and its dateline go together wherever they stand.
    private func datelineByByline(_ authors: [String]) -> String? {
        guard let name = authors.first, name.utf8.count >= 5 else { return nil }
        let blocks = model.blocks
        guard
            let byline = blocks.indices.first(where: {
                blocks[$0].text.utf8.count <= 120 && UTF8Search.contains(name, in: blocks[$0].text)
            })
        else { return nil }
        for index in [byline + 1, byline + 2, byline - 1] where blocks.indices.contains(index) {
            let text = blocks[index].text
            if text.utf8.count <= 40, rules.dates.isDateline(text), updateLabel(in: text) == nil { return text }
        }
        return nil
    }

    /// The page's only short line that opens with a publication label and holds a date
    /// ("Posted on April 13, 2023"), or nil when there is none or several (a list of posts,
    /// each "Posted on" its own day, dates none of them).
    private func labelledPublicationLine() -> String? {
        labelledLine(initials: rules.publicationLabelInitials) { lower in
            rules.publicationLabels.contains(where: { lower.hasPrefix($0) }) && updateLabel(in: lower) == nil
        }
    }

    /// The page's only short line that opens with an update label and holds a date ("Last
    /// updated: November 13, 2025", "Updated on: January 30, 2026"), or nil.
    private func labelledUpdateLine() -> String? {
        // The label first: "Site last updated: …" in a footer dates the site, not the article.
        labelledLine(initials: rules.updateLabelInitials) { lower in rules.updateLabels.contains { lower.hasPrefix($0) }
        }
    }

    /// The page's only block of at most 80 bytes that `opens` accepts (given it lowercased) and
    /// that holds a date, or nil when there is none or several. A label in a block of its own
    /// ("Published", then "Feb 2, 2023" in the next) is read with the block after it when that
    /// one is only a date. `initials`: the first bytes of the labels `opens` looks for
    /// (``CleanRules/firstByteTable(_:)``).
    private func labelledLine(initials: [Bool], _ opens: (String) -> Bool) -> String? {
        let blocks = model.blocks
        // Cheap tests first, as every short block of the page comes here: the first byte must
        // be one a label starts with; a line that holds a date has digits, and a label alone
        // is short.
        var found: String?
        for (index, block) in blocks.enumerated() where block.text.utf8.count <= 80 {
            guard let first = block.text.utf8.first, initials[Int(first)],
                block.text.utf8.count <= 24 || block.text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
            else { continue }
            let lower = block.text.lowercased()
            guard opens(lower) else { continue }
            var line = block.text
            if rules.dates.firstDate(in: line, defaultZone: Self.utc) == nil {
                guard lower.split(separator: " ").count <= 3, index + 1 < blocks.count,
                    rules.dates.isDateline(blocks[index + 1].text)
                else { continue }
                line += " " + blocks[index + 1].text
            }
            if found != nil { return nil }
            found = line
        }
        return found
    }

    /// Whether a line can be a dateline a reader sees: at most 200 bytes, four digits at least.
    private static func mayHoldDate(_ text: String) -> Bool {
        text.utf8.count <= 200 && text.utf8.lazy.filter({ $0 >= 0x30 && $0 <= 0x39 }).count >= 4
    }

    /// What a line prints before its update label, without the separator before the label:
    /// "December 3, 2025" of "December 3, 2025. Updated: December 7, 2025".
    private static func beforeUpdateLabel(_ text: String, _ label: Range<String.Index>) -> String {
        let head = text[..<label.lowerBound]
        let end = head.lastIndex { !" .|·,;(".contains($0) }.map { head.index(after: $0) } ?? head.startIndex
        return String(head[..<end])
    }

    /// Where an update label ("Updated", "Aktualisiert am") stands in a line.
    private func updateLabel(in text: String) -> Range<String.Index>? {
        // Foundation's case-insensitive search costs 10-20 k instructions a call on Linux even
        // when nothing is found: a byte test on the lowercased line first.
        let lower = text.lowercased()
        guard rules.updateLabelBytes.contains(where: { UTF8Search.contains($0, in: lower) }) else { return nil }
        return rules.updateLabels.lazy.compactMap { text.range(of: $0, options: .caseInsensitive) }.first
    }

    /// The dateline printed with the headline: a date and at most three words (not a sentence
    /// that holds a date, not an update line: "Updated Nov 6, 2025" dates no publication), in
    /// the six blocks under the `<h1>` up to a heading or a table cell (past those stand the
    /// text, its tables and "Most popular" teasers with their dates), or in one of the two
    /// blocks right above it, of any kind (blog themes print the date over the headline, some
    /// as a small heading). Strict where ``visibleDateLines(under:)`` is loose: it can
    /// override the markup. `h1`: the headline's block (``headlineBlock(titles:)``).
    private func headerDateline(under h1: Int) -> (line: String, date: OffsetDate)? {
        let blocks = model.blocks
        var order: [Int] = []
        for index in (h1 + 1)..<min(blocks.count, h1 + 7) {
            if blocks[index].kind == .cell { break }
            // A standfirst styled as a heading right under the headline (a sentence: six words
            // or more) is passed; a sub-heading of the text or a teaser list's ("Most popular")
            // ends the header.
            if blocks[index].kind == .heading, index > h1 + 1 || blocks[index].text.split(separator: " ").count < 6 {
                break
            }
            order.append(index)
        }
        let below = order.count
        // A `<time>` under the headline dates the article; a date over it is then the last of
        // a side column's "Recent news" that the page prints before its main column.
        if !model.times.contains(where: { $0.block > h1 && $0.block <= h1 + 6 }) {
            order += stride(from: h1 - 1, through: max(0, h1 - 2), by: -1)
        }
        for (position, index) in order.enumerated() {
            var text = blocks[index].text
            // The digits first: the label search below is dear.
            if Self.mayHoldDate(text) {
                // "December 3, 2025. Updated: December 7, 2025": the publication date before the label.
                if let label = updateLabel(in: text) { text = Self.beforeUpdateLabel(text, label) }
                if rules.dates.isDateline(text), let shown = rules.dates.firstDate(in: text, defaultZone: Self.utc) {
                    return (text, shown)
                }
            }
            // Above the headline, not past another heading: over it stand the teasers.
            if position >= below, blocks[index].kind == .heading { break }
        }
        return nil
    }

    /// Whether the header's dateline agrees with the markup, which then stands (it has the
    /// time and zone). A dateline naming a day more than one from both markup dates (the
    /// publication and the update the record would give) overrides them: the markup's date is
    /// then some other event's (a template's, a re-import's, a migration's: "2025-12-01" on a
    /// paper the page dates "24 Apr 2000"), and the reader's date is the one printed. A day's
    /// difference is the zone the page prints in, not another event. A numeric date whose day
    /// and month read either way ("09.10.2024") agrees when either reading does: the markup
    /// settles the order. No markup date: nothing to disagree with.
    private func agreesWithMarkup(
        _ header: (line: String, date: OffsetDate), published: [String], modified: [String]
    ) -> Bool {
        let declared = [published, modified].compactMap { values in
            values.lazy.compactMap { DateParser.parse($0) ?? rules.dates.firstDate(in: $0, defaultZone: Self.utc) }
                .first
        }
        guard !declared.isEmpty else { return true }
        var readings = [Self.dayNumber(header.date)]
        if !header.line.unicodeScalars.contains(where: { $0.properties.isAlphabetic }),
            let swapped = Self.swappedDayAndMonth(header.date)
        {
            readings.append(Self.dayNumber(swapped))
        }
        return declared.contains { date in
            let days = Self.possibleDays(date)
            return readings.contains { days.contains($0) }
        }
    }

    /// The calendar days a machine date can be printed as somewhere: with a time of day, the
    /// days its instant falls on from UTC−12 to UTC+14 (22:02 UTC on the 19th is the 19th or
    /// the 20th, never the 18th); a date at midnight is likely a day without a time, printed
    /// in any zone as that day or the one before or after.
    private static func possibleDays(_ date: OffsetDate) -> ClosedRange<Int> {
        let day = dayNumber(date)
        let seconds = Int(date.date.timeIntervalSince1970) + date.offsetSeconds
        guard seconds % 86_400 != 0 else { return (day - 1)...(day + 1) }
        func localDay(at offset: Int) -> Int { dayNumber(OffsetDate(date: date.date, offsetSeconds: offset)) }
        return localDay(at: -12 * 3600)...localDay(at: 14 * 3600)
    }

    /// Days since 1970 of the calendar day a date names in its own offset.
    private static func dayNumber(_ date: OffsetDate) -> Int {
        let seconds = Int(date.date.timeIntervalSince1970) + date.offsetSeconds
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// The same date with day and month exchanged, when both are 12 or under.
    private static func swappedDayAndMonth(_ date: OffsetDate) -> OffsetDate? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: date.offsetSeconds) ?? utc
        let c = calendar.dateComponents([.year, .month, .day], from: date.date)
        guard let year = c.year, let month = c.month, let day = c.day, day <= 12, month <= 12, day != month else {
            return nil
        }
        return DateParser.build(
            year: year, month: day, day: month, hour: 0, minute: 0, second: 0, zone: nil, hasTime: false,
            defaultZone: calendar.timeZone)
    }

    /// A line that is only a date among the four just above the body's first block: where a
    /// dateline stands between byline and text when no headline anchors it (the headline is a
    /// styled paragraph, or no date stands by the <h1>).
    private func datelineAboveBody(_ start: Int) -> String? {
        let blocks = model.blocks
        guard start <= blocks.count else { return nil }
        for index in stride(from: start - 1, through: max(0, start - 4), by: -1) {
            // Not past a heading: above one stand the teasers and their dates.
            if blocks[index].kind == .heading { break }
            let text = blocks[index].text
            if text.utf8.count <= 40, rules.dates.isDateline(text), updateLabel(in: text) == nil {
                return text
            }
        }
        return nil
    }

    /// The markup's publication dates: JSON-LD, meta tags, `<time datetime>`; of the `<time>`s,
    /// those under the headline (to seven blocks) first, then those just above it (two blocks):
    /// the others date a menu's or a side column's "Recent news" that the page may print first.
    private func publishedCandidates(headline: Int?) -> [String] {
        var values: [String] = []
        if let ldDate = ld("datePublished") as? String { values.append(ldDate) }
        for key in [
            "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate", "date",
            "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
            "article.published", "published", "published-date", "published_date", "publish-date", "publish_date",
            "citation_publication_date", "citation_online_date", "citation_date",
        ] {
            values += model.meta[key] ?? []
        }
        // A CMS's own prefix on a known name ("w-published-date", "cXenseParse:recs:publishtime"
        // is not one: it must end with the name after a separator).
        if values.isEmpty {
            // Sorted: a dictionary's order changes from run to run.
            for key in model.meta.keys.sorted() where Self.prefixedPublicationKey(key) {
                values += model.meta[key] ?? []
            }
        }
        if let created = ld("dateCreated") as? String { values.append(created) }
        if let headline {
            let under = model.times.filter { $0.block > headline && $0.block <= headline + 7 }
            let over = model.times.filter { $0.block >= headline - 2 && $0.block <= headline }
            let rest = model.times.filter { $0.block < headline - 2 || $0.block > headline + 7 }
            values += (under + over + rest).map(\.datetime)
        } else {
            values += model.times.map(\.datetime)
        }
        return values
    }

    /// Whether a meta name is a publication date's under a prefix: "w-published-date",
    /// "article.publish_date", "sf:published_time".
    static func prefixedPublicationKey(_ key: String) -> Bool {
        guard key.utf8.count <= 64 else { return false }
        return prefixedPublicationNames.contains { name in
            key.hasSuffix(name) && key.utf8.count > name.utf8.count
                && "-_.:".utf8.contains(key.utf8[key.utf8.index(key.utf8.endIndex, offsetBy: -name.utf8.count - 1)])
        }
    }

    private static let prefixedPublicationNames = [
        "published-date", "published_date", "publish-date", "publish_date", "publishdate", "published_time",
        "publication-date", "publication_date", "datepublished",
    ]

    /// The markup's update dates: JSON-LD and meta tags.
    private var modifiedCandidates: [String] {
        var values: [String] = []
        if let ldDate = ld("dateModified") as? String { values.append(ldDate) }
        for key in ["article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"] {
            values += model.meta[key] ?? []
        }
        return values
    }

    /// The dateline a reader sees: the first short line after the page's `<h1>` (within the
    /// next 30 blocks: kicker, byline, dateline, lead) that holds a date. A line with an update
    /// label ("Aktualisiert", "Updated", "更新") gives the update date from the label on, and
    /// the publication date only from what precedes the label ("April 28, 2019 Updated April
    /// 29, 2019" gives both). An update line just after the publication line is read too.
    /// Without one, the three lines above the headline (no further than a heading) are read the
    /// same way. Dates in teasers and in the article's own text are not looked at.
    private func visibleDateLines(under h1: Int) -> (published: String?, modified: String?)? {
        let blocks = model.blocks
        var published: String?
        var modified: String?
        var publishedAt: Int?
        /// Reads one line; false when it holds no date.
        func read(_ index: Int) -> Bool {
            let text = blocks[index].text
            guard Self.mayHoldDate(text), rules.dates.firstDate(in: text, defaultZone: Self.utc) != nil
            else { return false }
            var dated = text
            if let label = updateLabel(in: text) {
                let after = String(text[label.upperBound...])
                if modified == nil, rules.dates.firstDate(in: after, defaultZone: Self.utc) != nil { modified = after }
                dated = Self.beforeUpdateLabel(text, label)
            }
            if published == nil, rules.dates.firstDate(in: dated, defaultZone: Self.utc) != nil {
                published = dated
                publishedAt = index
            }
            return true
        }
        for index in (h1 + 1)..<min(blocks.count, h1 + 31) {
            if let publishedAt, index > publishedAt + 3 || modified != nil { break }
            _ = read(index)
        }
        if published == nil, modified == nil {
            // Blog themes print the date above the headline, with or without a category label
            // ("Dec 12, 2025", then the <h1>). Only the lines right above it, and not past a
            // heading: above that are the site's teasers and their dates.
            for index in stride(from: h1 - 1, through: max(0, h1 - 3), by: -1) {
                if blocks[index].kind == .heading || read(index) { break }
            }
        }
        return published == nil && modified == nil ? nil : (published, modified)
    }

    private static let utc = TimeZone(identifier: "UTC")!

    /// What a page's JSON-LD says: the objects describing an article (then its WebPage objects),
    /// flattened out of `@graph` and arrays, and whether the page calls itself a collection.
    struct JSONLD {
        var articles: [[String: Any]] = []
        var pages: [[String: Any]] = []
        var declaresCollection = false
    }

    /// A JSON-LD object's `@type`, one string or several.
    static func types(of object: [String: Any]) -> [String] {
        switch object["@type"] {
        case let s as String: return [s]
        case let a as [Any]: return a.compactMap { $0 as? String }
        default: return []
        }
    }

    /// Whether an `ItemList` declares an order (schema.org's `ItemListOrderAscending` or
    /// `…Descending`, or those words alone): a ranking, not a set of links.
    static func isRanking(_ list: [String: Any]) -> Bool {
        guard let order = list["itemListOrder"] as? String else { return false }
        let lowered = order.lowercased()
        return lowered.hasSuffix("ascending") || lowered.hasSuffix("descending")
    }

    static func readJSONLD(_ scripts: [String]) -> JSONLD {
        var result = JSONLD()
        func visit(_ value: Any, depth: Int) {
            guard depth < 6 else { return }
            if let array = value as? [Any] {
                for item in array { visit(item, depth: depth + 1) }
            } else if let object = value as? [String: Any] {
                if let graph = object["@graph"] { visit(graph, depth: depth + 1) }
                let types = Self.types(of: object)
                if types.contains(where: {
                    $0.hasSuffix("Article") || $0 == "ReportageNews" || $0 == "BlogPosting" || $0 == "LiveBlogPosting"
                }) {
                    result.articles.append(object)
                } else if types.contains("WebPage") {
                    result.pages.append(object)
                }
                if types.contains(where: { $0 == "CollectionPage" || $0 == "SearchResultsPage" }) {
                    result.declaresCollection = true
                } else if types.contains("ItemList"), !Self.isRanking(object) {
                    // A list of other pages (a section's teasers) on its own; but a ranking
                    // ("Best Notion alternatives", ordered descending) is a list article, whose
                    // entries and their descriptions are the page's own text.
                    result.declaresCollection = true
                }
                if let main = object["mainEntity"] { visit(main, depth: depth + 1) }
            }
        }
        for script in scripts {
            let cleaned = Self.unwrapScript(script)
            guard let data = cleaned.data(using: .utf8),
                let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            visit(value, depth: 0)
        }
        return result
    }

    /// Script text without the `<![CDATA[ … ]]>` or `<!-- … -->` wrapper some CMSs put
    /// around JSON-LD for old XHTML parsers, and without a trailing semicolon.
    static func unwrapScript(_ script: String) -> String {
        var text = Whitespace.trim(script)
        for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] where text.hasPrefix(open) {
            text = String(text.dropFirst(open.count))
            if text.hasSuffix(close) { text = String(text.dropLast(close.count)) }
            text = Whitespace.trim(text)
        }
        if text.hasSuffix(";") { text = String(text.dropLast()) }
        return text
    }
}
