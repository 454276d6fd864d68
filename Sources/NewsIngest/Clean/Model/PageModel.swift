import CLibXML2
import Foundation

/// What kind of block a piece of text sits in.
enum BlockKind: UInt8, Sendable {
    case paragraph, heading, listItem, quote, preformatted, cell, caption
}

/// One run of text under a single block-level element.
struct TextBlock {
    var text: String
    /// Index of the block-level element that holds the text.
    var element: Int
    var kind: BlockKind
    var headingLevel: Int
    /// Text weight (see ``TextWeight``) and the part of it inside links.
    var weight: Int
    var linkWeight: Int
    var commas: Int
    /// All of its text is in <strong>/<b>.
    var isBold = false

    var linkDensity: Double { weight == 0 ? 0 : Double(linkWeight) / Double(weight) }

    /// A paragraph of a dozen words or more that is not mostly links: what articles are made of
    /// and widgets are not.
    var isProse: Bool {
        (kind == .paragraph || kind == .quote || kind == .listItem) && weight >= 60 && linkDensity < 0.3
    }
}

/// One element of the page's body, in document (pre-)order: a parent's index is always lower.
struct ElementInfo {
    var parent: Int
    var tag: String
    var isBlock: Bool
    /// How sure class/id or tag are that this is furniture (see ``FurnitureEvidence``).
    var furniture: FurnitureEvidence
    /// Class/id say "article content".
    var positive: Bool
    var caption: Bool
    var figure: Bool
    /// Hash of the first class name (0 without one): boxes of one kind share it.
    var classHash: UInt64
    /// Weight of all text below, and the part inside links (filled after the walk).
    var weight = 0
    var linkWeight = 0
    /// Weight of the prose below: paragraph blocks of some length that are not mostly links.
    var proseWeight = 0

    var boilerplate: Bool { furniture != .none }
}

/// What an element's tag and class/id say about it being page furniture.
enum FurnitureEvidence: UInt8 {
    case none
    /// Header, form, or a class like "sidebar"/"meta"/"author": often furniture, but CMSs also
    /// wrap article parts in such elements.
    case weak
    /// A class like "share"/"related"/"ad": a widget.
    case strong
    /// nav/footer/aside/menu/dialog, or a comments section: furniture whatever it holds
    /// (reader comments are prose, so prose cannot vouch for them).
    case certain
}

/// The text of one author element and where it stands: the weight of the page's text before
/// it, so that bylines standing together (one per author) can be told from a teaser's.
struct Byline {
    var text: String
    var offset: Int
    var weight: Int
    /// Marked by `rel="author"` or `itemprop="author"` rather than by a class or a link.
    var semantic: Bool
    /// Marked only by an author class ("author-name", "post_author"): themes put those on
    /// bylines and on author boxes alike, so such an element counts only when it holds names
    /// and nothing better names the author.
    var authorClassOnly = false
}

/// An image seen in the body.
struct ImageSeen {
    var element: Int
    var src: String
    var alt: String
}

/// The facts one walk over a parsed page collects: body elements and text blocks for
/// content selection, and the head's metadata.
struct PageModel {
    var elements: [ElementInfo] = []
    var blocks: [TextBlock] = []
    var images: [ImageSeen] = []
    /// Lowercased meta name/property/itemprop → values in document order.
    var meta: [String: [String]] = [:]
    var title: String?
    var htmlLang: String?
    var canonicalLink: String?
    var feedLinks: [String] = []
    var jsonLD: [String] = []
    /// `datetime` attributes of `<time>` elements, in order, each with the index of the first
    /// block its element's text can be in.
    var times: [(datetime: String, block: Int)] = []
    /// Elements marked as the author (`rel=author`, `itemprop=author`, byline classes, links
    /// to an author page), in document order.
    var bylines: [Byline] = []

    var totalWeight: Int { elements.first?.weight ?? 0 }

    /// Hidden subtrees the walk left out, and the weight of their text.
    var hiddenSkipped = 0
    /// Of those, the segments of React's streamed server rendering (`<div hidden id="S:1a">`):
    /// parts of the page sent late, hidden only until its script moves them into place.
    var streamedSegmentsSkipped = 0

    /// Builds the model from a parsed document. Hidden elements (`hidden`, `display:none`,
    /// `aria-hidden`) are left out unless `includeHidden` is set: some pages stream their
    /// article into a hidden container that a script reveals.
    /// - Complexity: O(n) in the number of nodes; no recursion, so any nesting depth is safe.
    init(document: XMLDocumentHandle, includeHidden: Bool = false) {
        guard let root = document.root else { return }
        var walker = Walker(model: self, includeHidden: includeHidden)
        walker.walk(root)
        self = walker.model
        finishTotals()
    }

    private mutating func finishTotals() {
        for block in blocks {
            elements[block.element].weight += block.weight
            elements[block.element].linkWeight += block.linkWeight
            if block.isProse { elements[block.element].proseWeight += block.weight }
        }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            let parent = elements[i].parent
            if parent >= 0 {
                elements[parent].weight += elements[i].weight
                elements[parent].linkWeight += elements[i].linkWeight
                elements[parent].proseWeight += elements[i].proseWeight
            }
        }
    }
}

/// The walk itself: pointer-chasing pre-order traversal with enter/exit events.
private struct Walker {
    var model: PageModel
    /// Element indexes of the open elements, innermost last.
    private var openElements: [Int] = []
    /// Open block-level elements, innermost last; text goes to the innermost.
    private var blockOwners: [Int] = []
    /// UTF-8 of the current text run (and of its part inside links): text nodes are appended
    /// as bytes, and a String is made once per block.
    private var buffer: [UInt8] = []
    private var bufferLinkText: [UInt8] = []
    /// Whether `buffer` holds a `<br>` marker.
    private var bufferHasBreak = false
    /// Weight of the text in `model.blocks` so far.
    private var flushedWeight = 0
    /// Class/id flags and hidden-class verdicts by the hash of the class and id values.
    private var classCache: [UInt64: (BoilerplateRules.TokenFlags, Bool)] = [:]
    private var linkDepth = 0
    private var boldDepth = 0
    /// Bytes of the current run other than spaces that sit in <strong>/<b>.
    private var bufferBoldBytes = 0
    private var preDepth = 0
    private var inBody = false
    private let includeHidden: Bool

    init(model: PageModel, includeHidden: Bool) {
        self.model = model
        self.includeHidden = includeHidden
    }

    mutating func walk(_ root: xmlNodePtr) {
        var node = root
        var steps = 0
        while true {
            steps &+= 1
            if steps & 255 == 0, PageBudget.exceeded {
                // Out of time (max_page_seconds): leave every open element as the climb would,
                // so the model stays whole; the stage fails the page.
                var open = node
                while open != root, let parent = open.pointee.parent {
                    open = parent
                    if DOM.isElement(open) { exit(open) }
                }
                flush()
                return
            }
            let descend = enter(node)
            if descend, let child = node.pointee.children {
                node = child
                continue
            }
            if descend { exit(node) }
            // Climb until a next sibling exists, leaving each parent on the way.
            while true {
                if node == root {
                    flush()
                    return
                }
                if let next = node.pointee.next {
                    node = next
                    break
                }
                guard let parent = node.pointee.parent else {
                    flush()
                    return
                }
                node = parent
                if DOM.isElement(node) { exit(node) }
                if node == root {
                    flush()
                    return
                }
            }
        }
    }

    /// Returns whether the walk goes into the node's children (and later calls `exit`).
    private mutating func enter(_ node: xmlNodePtr) -> Bool {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if inBody, let content = node.pointee.content, !blockOwners.isEmpty {
                let bytes = UnsafeBufferPointer(start: content, count: strlen(content))
                buffer.append(contentsOf: bytes)
                if boldDepth > 0 { bufferBoldBytes += bytes.count { $0 > 0x20 } }
                if linkDepth > 0 { bufferLinkText.append(contentsOf: bytes) }
            }
            return false
        case XML_ELEMENT_NODE:
            break
        default:
            return false
        }
        // libxml2's HTML parser already lowercases element names.
        let tag = DOM.name(node)
        if !inBody {
            switch tag {
            case "html":
                model.htmlLang = DOM.attribute(node, "lang") ?? DOM.attribute(node, "xml:lang")
                return true
            case "head":
                return true
            case "body":
                inBody = true
            default:
                if collectHeadElement(tag, node) { return false }
                // Content before <body> (a page without one): treat the rest as body.
                if tag != "title" { inBody = true } else { return false }
            }
        }
        if tag == "br" {
            buffer.append(contentsOf: "\n\u{2029}".utf8)
            bufferHasBreak = true
            return false
        }
        let info = BoilerplateRules.tagInfo[tag] ?? BoilerplateRules.TagInfo()
        if info.head, collectHeadElement(tag, node) { return false }
        // A <button> holds a label, and is skipped; but libxml2 keeps an unclosed <div> inside one
        // open past `</button>`, and then the whole page sits in the button. One that holds
        // paragraphs or headings is such a mis-nesting, and is walked like a <div>.
        if info.skipped, tag != "button" || !Self.holdsBlocks(node) { return false }
        let attributes = ElementAttributes(node)
        let classes = attributes.classes
        let id = attributes.id
        // Pages repeat the same class/id values on many elements: classify each value once.
        var flags: BoilerplateRules.TokenFlags = []
        var hiddenClass = false
        if classes != nil || id != nil {
            let key = FNV1a.hash(id?.utf8 ?? "".utf8, from: FNV1a.mix(FNV1a.hash(classes?.utf8 ?? "".utf8), 0x20))
            if let known = classCache[key] {
                (flags, hiddenClass) = known
            } else {
                flags = BoilerplateRules.classify((classes ?? "") + " " + (id ?? ""))
                hiddenClass = classes.map(ElementAttributes.hasHiddenClass) ?? false
                classCache[key] = (flags, hiddenClass)
            }
        }
        if !includeHidden, attributes.isHidden || hiddenClass {
            // A hidden block between two runs of text still parts their words ("7 min read",
            // an aria-hidden "·" <div>, "Dec 30, 2013" read "7 min readDec 30, 2013").
            if info.block, let last = buffer.last, last > 0x20 { buffer.append(0x20) }
            if node.pointee.children != nil {
                model.hiddenSkipped += 1
                if ElementAttributes.isStreamedSegment(id) { model.streamedSegmentsSkipped += 1 }
            }
            return false
        }
        if tag == "img" {
            recordImage(node)
            return false
        }
        if tag == "time", let datetime = attributes.datetime {
            model.times.append((datetime, model.blocks.count))
        }

        var positive = flags.contains(.positive)
        let strongNegative = flags.contains(.strongNegative)
        let comments = flags.contains(.comments)
        var weakNegative = flags.contains(.weakNegative)
        let caption = tag == "figcaption" || flags.contains(.caption)
        let role = attributes.role?.lowercased()
        if role == "navigation" || role == "complementary" || role == "contentinfo" || role == "banner" {
            weakNegative = true
        }
        let itemprop = attributes.itemprop?.lowercased()
        if itemprop == "articlebody" { positive = true }
        let rel = attributes.rel?.lowercased()
        let semantic = itemprop == "author" || rel == "author"
        let marked =
            semantic || flags.contains(.byline)
            || (tag == "a" && DOM.attribute(node, "href").map(BoilerplateRules.isAuthorPageLink) == true)
        // At most 200 characters are kept, with the markup's whitespace around them: 4 KiB are read.
        if marked || flags.contains(.author), let raw = DOM.shortText(node, limit: 4096) {
            let text = Whitespace.trim(raw)
            if !text.isEmpty, text.count < 200 {
                let offset =
                    flushedWeight + (buffer.isEmpty ? 0 : TextWeight.of(String(decoding: buffer, as: UTF8.self)).weight)
                model.bylines.append(
                    Byline(
                        text: text, offset: offset, weight: TextWeight.of(text).weight, semantic: semantic,
                        authorClassOnly: !marked))
            }
        }
        // The document's own containers are never furniture, whatever their classes say
        // (a <body class="single-post has-comments">); an <article> is content unless a
        // strong class says otherwise (a "related-article" teaser).
        let furniture: FurnitureEvidence
        if tag == "html" || tag == "body" || tag == "main" {
            furniture = .none
        } else if comments || info.strongStructural {
            furniture = .certain
        } else if strongNegative {
            furniture = .strong
        } else if (weakNegative && !positive && tag != "article") || info.structural {
            furniture = .weak
        } else {
            furniture = .none
        }
        let isBlock = info.block
        if isBlock { flush() }
        let index = model.elements.count
        model.elements.append(
            ElementInfo(
                parent: openElements.last ?? -1, tag: tag, isBlock: isBlock, furniture: furniture,
                positive: positive, caption: caption, figure: tag == "figure",
                classHash: classes.map(Self.firstClassHash) ?? 0))
        openElements.append(index)
        if isBlock { blockOwners.append(index) }
        if tag == "a" { linkDepth += 1 }
        if tag == "strong" || tag == "b" { boldDepth += 1 }
        if tag == "pre" { preDepth += 1 }
        return true
    }

    /// Hash of the first class name: a CMS names its component first ("articleBodyText
    /// version-2 section", "articleBodyText section"), modifiers after.
    private static func firstClassHash(_ classes: String) -> UInt64 {
        let bytes = classes.utf8
        guard let start = bytes.firstIndex(where: { $0 > 0x20 }) else { return 0 }
        let end = bytes[start...].firstIndex(where: { $0 <= 0x20 }) ?? bytes.endIndex
        return FNV1a.hash(bytes[start..<end])
    }

    private mutating func exit(_ node: xmlNodePtr) {
        guard let index = openElements.popLast() else { return }
        let element = model.elements[index]
        if element.isBlock {
            flush()
            blockOwners.removeLast()
        }
        if element.tag == "a" { linkDepth -= 1 }
        if element.tag == "strong" || element.tag == "b" { boldDepth -= 1 }
        if element.tag == "pre" { preDepth -= 1 }
    }

    /// Head elements (also when they stray into the body). Returns true when handled.
    private mutating func collectHeadElement(_ tag: String, _ node: xmlNodePtr) -> Bool {
        switch tag {
        case "title":
            if model.title == nil { model.title = DOM.text(node) }
            return true
        case "meta":
            let key =
                (DOM.attribute(node, "property") ?? DOM.attribute(node, "name") ?? DOM.attribute(node, "itemprop"))?
                .lowercased()
            if let key, let content = DOM.attribute(node, "content") {
                model.meta[key, default: []].append(content)
            }
            if let equiv = DOM.attribute(node, "http-equiv")?.lowercased(), let content = DOM.attribute(node, "content")
            {
                model.meta["http-equiv:" + equiv, default: []].append(content)
            }
            return true
        case "link":
            let rel = DOM.attribute(node, "rel")?.lowercased() ?? ""
            if rel.split(separator: " ").contains("canonical"), model.canonicalLink == nil {
                model.canonicalLink = DOM.attribute(node, "href")
            } else if rel.split(separator: " ").contains("alternate"),
                let type = DOM.attribute(node, "type")?.lowercased(), type.contains("rss") || type.contains("atom"),
                let href = DOM.attribute(node, "href")
            {
                model.feedLinks.append(href)
            }
            return true
        case "script":
            if let type = DOM.attribute(node, "type")?.lowercased(), type.contains("ld+json") {
                model.jsonLD.append(DOM.text(node))
            }
            return true
        case "style", "base":
            return true
        default:
            return false
        }
    }

    private mutating func recordImage(_ node: xmlNodePtr) {
        let candidates = ["src", "data-src", "data-original", "data-lazy-src", "data-url"]
        var src = ""
        for name in candidates {
            if let value = DOM.attribute(node, name).map(Whitespace.trim), !value.isEmpty,
                !value.hasPrefix("data:")
            {
                src = value
                break
            }
        }
        if src.isEmpty, let srcset = DOM.attribute(node, "srcset") ?? DOM.attribute(node, "data-srcset") {
            src =
                srcset.split(separator: ",").first.map {
                    String($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
                } ?? ""
        }
        guard !src.isEmpty else { return }
        let alt = Whitespace.trim(DOM.attribute(node, "alt") ?? "")
        model.images.append(ImageSeen(element: openElements.last ?? 0, src: src, alt: alt))
    }

    /// Ends the current text run and stores it as one or more blocks (split at `<br><br>`).
    private mutating func flush() {
        defer {
            buffer.removeAll(keepingCapacity: true)
            bufferLinkText.removeAll(keepingCapacity: true)
            bufferHasBreak = false
            bufferBoldBytes = 0
        }
        guard let owner = blockOwners.last, !buffer.isEmpty else { return }
        let buffer = String(decoding: self.buffer, as: UTF8.self)
        guard Whitespace.hasContent(buffer) else { return }
        let linkWeight =
            bufferLinkText.isEmpty ? 0 : TextWeight.of(String(decoding: bufferLinkText, as: UTF8.self)).weight
        let tag = model.elements[owner].tag
        let kind: BlockKind
        var level = 0
        switch tag {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            kind = .heading
            level = Int(String(tag.last!)) ?? 2
        case "li", "dd", "dt": kind = .listItem
        case "blockquote": kind = .quote
        case "pre": kind = .preformatted
        case "td", "th": kind = .cell
        default: kind = .paragraph
        }
        let caption = isInCaption(owner)
        let isBold = bufferBoldBytes > 0 && bufferBoldBytes == self.buffer.count { $0 > 0x20 }
        let pieces = preDepth > 0 || !bufferHasBreak ? [buffer] : splitAtDoubleBreaks(buffer)
        // Only several pieces share the link text (most blocks are one piece: no second weighing).
        let totalWeight = pieces.count == 1 ? 1 : max(1, pieces.reduce(0) { $0 + TextWeight.of($1).weight })
        for piece in pieces {
            let text = preDepth > 0 ? piece.replacingOccurrences(of: "\u{2029}", with: "") : Whitespace.collapse(piece)
            guard !text.isEmpty else { continue }
            let (weight, commas) = TextWeight.of(text)
            flushedWeight += weight
            // Link text is spread over the pieces in proportion to their weight.
            let share = pieces.count == 1 ? linkWeight : linkWeight * weight / totalWeight
            model.blocks.append(
                TextBlock(
                    text: text, element: owner, kind: caption ? .caption : kind, headingLevel: level,
                    weight: weight, linkWeight: min(share, weight), commas: commas, isBold: isBold))
        }
    }

    private func isInCaption(_ element: Int) -> Bool {
        var current = element
        var steps = 0
        while current >= 0, steps < 6 {
            if model.elements[current].caption { return true }
            if model.elements[current].figure { return false }
            current = model.elements[current].parent
            steps += 1
        }
        return false
    }

    /// `<br>` leaves "\n\u{2029}" in the buffer; two or more in a row end a paragraph.
    private func splitAtDoubleBreaks(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var breaks = 0
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar == "\u{2029}" {
                breaks += 1
                continue
            }
            if Whitespace.isSpace(scalar) {
                pendingSpace = true
                continue
            }
            if breaks >= 2 {
                pieces.append(String(current))
                current = String.UnicodeScalarView()
            } else if breaks == 1 || pendingSpace {
                current.append(" ")
            }
            breaks = 0
            pendingSpace = false
            current.append(scalar)
        }
        pieces.append(String(current))
        return pieces
    }

}

/// The attributes the walk looks at, read in one pass over an element's property list.
private struct ElementAttributes {
    var classes: String?
    var id: String?
    var role: String?
    var itemprop: String?
    var rel: String?
    var datetime: String?
    var isHidden = false

    init(_ node: xmlNodePtr) {
        var collapsed = false
        var labelled = false
        defer {
            // A collapsed accordion panel (WAI-ARIA's pattern: a region labelled by the button
            // that opens it) is the article's own text folded away, one click from its reader:
            // step-by-step guides and FAQs keep most of their prose in such panels.
            if collapsed, !(labelled && role == "region") { isHidden = true }
        }
        var property = node.pointee.properties
        while let p = property {
            defer { property = p.pointee.next }
            guard let rawName = p.pointee.name else { continue }
            // Only a handful of names matter: look at the first byte before making a String.
            switch rawName.pointee {
            case UInt8(ascii: "c"), UInt8(ascii: "i"), UInt8(ascii: "r"), UInt8(ascii: "d"), UInt8(ascii: "h"),
                UInt8(ascii: "a"), UInt8(ascii: "s"):
                break
            default:
                continue
            }
            let name = String(cString: rawName)
            switch name {
            case "class": classes = Self.value(p)
            case "id": id = Self.value(p)
            case "role": role = Self.value(p)
            case "itemprop": itemprop = Self.value(p)
            case "rel": rel = Self.value(p)
            case "datetime": datetime = Self.value(p)
            case "hidden": collapsed = true
            case "aria-hidden": if Self.value(p).lowercased() == "true" { isHidden = true }
            case "aria-labelledby": labelled = true
            case "style":
                if Self.styleHides(Self.value(p)) { collapsed = true }
            default: break
            }
        }
    }

    /// Whether an id is a streamed segment's: "S:" and hexadecimal digits (React's ids).
    static func isStreamedSegment(_ id: String?) -> Bool {
        guard let id, id.utf8.count > 2, id.hasPrefix("S:") else { return false }
        return id.utf8.dropFirst(2).allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }

    /// Whether an inline style says `display: none` or `visibility: hidden` (any case, any spaces).
    private static func styleHides(_ style: String) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(style.utf8.count)
        for byte in style.utf8 where byte != 0x20 && byte != 0x09 {
            compact.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
        }
        func contains(_ needle: StaticString) -> Bool {
            let n = needle.utf8CodeUnitCount
            guard compact.count >= n else { return false }
            return needle.withUTF8Buffer { pattern in
                for start in 0...(compact.count - n) where compact[start] == pattern[0] {
                    if (0..<n).allSatisfy({ compact[start + $0] == pattern[$0] }) { return true }
                }
                return false
            }
        }
        return contains("display:none") || contains("visibility:hidden")
    }

    /// Whether one of the class names is a hidden-content class. Scans bytes; only words of a
    /// length some hidden class has become strings.
    static func hasHiddenClass(_ classes: String) -> Bool {
        let utf8 = classes.utf8
        var start = utf8.startIndex
        var index = start
        func check(_ end: String.UTF8View.Index) -> Bool {
            let length = utf8.distance(from: start, to: end)
            guard BoilerplateRules.hiddenClassLengths.contains(length) else { return false }
            return BoilerplateRules.hiddenClasses.contains(Substring(classes.utf8[start..<end]))
        }
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A {
                if check(index) { return true }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        return check(index)
    }

    private static func value(_ property: xmlAttrPtr) -> String {
        guard let child = property.pointee.children else { return "" }
        if child.pointee.next == nil, let content = child.pointee.content { return String(cString: content) }
        var text = ""
        var node: xmlNodePtr? = child
        while let n = node {
            if let content = n.pointee.content { text += String(cString: content) }
            node = n.pointee.next
        }
        return text
    }
}

extension Walker {
    /// Whether an element holds a paragraph, a heading or an article among its first few
    /// thousand descendants (a button's label holds none).
    static func holdsBlocks(_ element: xmlNodePtr) -> Bool {
        var stack: [xmlNodePtr] = []
        var child = element.pointee.children
        while let node = child {
            stack.append(node)
            child = node.pointee.next
        }
        var visited = 0
        while let node = stack.popLast(), visited < 4096 {
            visited += 1
            guard DOM.isElement(node) else { continue }
            switch DOM.name(node) {
            case "p", "h1", "h2", "h3", "article", "main": return true
            default: break
            }
            var inner = node.pointee.children
            while let next = inner {
                stack.append(next)
                inner = next.pointee.next
            }
        }
        return false
    }
}
