import CLibXML2
import CShims
import Foundation

/// A parse failure from libxml2.
public struct ParseError: Error, CustomStringConvertible, Sendable {
    /// Which of libxml2's parsers refused the document.
    public enum Kind: String, Sendable {
        case html, xml
    }

    public let kind: Kind
    public let detail: String
    public var description: String { "\(kind.rawValue): \(detail)" }

    /// The one funnel from libxml2's last error to a Swift error.
    static func fromLibXML2(kind: Kind, fallback: String) -> ParseError {
        ParseError(kind: kind, detail: lastComplaint() ?? fallback)
    }

    /// libxml2's last error of this thread as "line N: message", nil when there is none.
    static func lastComplaint() -> String? {
        guard let error = xmlGetLastError(), let message = error.pointee.message else { return nil }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return "line \(error.pointee.line): \(text)"
    }
}

/// Owns one libxml2 document (`xmlDocPtr`) and frees it exactly once.
final class XMLDocumentHandle {
    let pointer: xmlDocPtr
    /// For XML read in recovery mode: libxml2's last complaint when the document was not
    /// well-formed (what was lost), nil when it was.
    private(set) var damage: String?

    init(_ pointer: xmlDocPtr) { self.pointer = pointer }

    deinit { xmlFreeDoc(pointer) }

    var root: xmlNodePtr? { xmlDocGetRootElement(pointer) }

    /// Parses HTML that is already UTF-8. The document's own charset declarations are ignored:
    /// the caller has decided the charset.
    ///
    /// `XML_PARSE_HUGE` lifts libxml2's nesting limit of 256 elements, past which it stops
    /// parsing and the article is lost (260 nested `<div>`s, 300 unclosed `<font>`s: common on
    /// old pages). The HTML parser keeps its open elements in a stack of its own, not on the C
    /// stack, and so does every walk of ours, so any depth is safe; the input is bounded by the
    /// cleaner's size limit. (Entity expansion, the other thing HUGE relaxes, is XML's, not
    /// HTML's.) ``HostileMarkup`` removes NUL bytes and excess attributes first.
    static func parseHTML(utf8 input: [UInt8], url: String?) throws -> XMLDocumentHandle {
        ni_xml_silence_errors()
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
                | XML_PARSE_HUGE.rawValue)
        let bytes = HostileMarkup.defuse(input)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else {
            throw ParseError(kind: .html, detail: "empty document")
        }
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), url, "UTF-8", options)
            }
        }
        guard let doc else { throw ParseError.fromLibXML2(kind: .html, fallback: "libxml2 could not parse the page") }
        return XMLDocumentHandle(doc)
    }

    /// Parses XML with network access, DTD loading and entity substitution off, and without
    /// `XML_PARSE_HUGE`, so entity-expansion bombs and external entities are refused.
    ///
    /// In recovery mode: one bare `&`, an `&nbsp;`, a stray `<` or a misspelled closing tag
    /// costs what libxml2 cannot read around it, not the whole feed, every run until the
    /// publisher mends it. Bytes XML forbids outright are repaired first, because libxml2
    /// stops at them even when recovering: C0 control characters (NUL included) become spaces,
    /// and a document that declares UTF-8 (or nothing) but is not gets U+FFFD for its bad
    /// bytes. The damage is reported in ``damage``.
    static func parseXML(_ input: [UInt8], url: String?) throws -> XMLDocumentHandle {
        ni_xml_silence_errors()
        xmlResetLastError()
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue | XML_PARSE_RECOVER.rawValue)
        guard !input.isEmpty, input.count < Int(Int32.max) else {
            throw ParseError(kind: .xml, detail: "empty document")
        }
        if declaresEntities(input) { throw entityRefusal }
        let (bytes, repairs, encoding) = repairedXML(input)
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), url, encoding, options)
            }
        }
        let complaint = ParseError.lastComplaint()
        guard let doc, xmlDocGetRootElement(doc) != nil else {
            if let doc { xmlFreeDoc(doc) }
            throw ParseError(kind: .xml, detail: complaint ?? "not well-formed XML")
        }
        let handle = XMLDocumentHandle(doc)
        let notes = repairs + (complaint.map { ["recovered from \($0)"] } ?? [])
        handle.damage = notes.isEmpty ? nil : notes.joined(separator: "; ")
        // Feeds and sitemaps have no use for entity declarations; they are how billion-laughs
        // bombs and external-entity (XXE) reads are built. Refuse the document outright.
        if let subset = doc.pointee.intSubset {
            var child = subset.pointee.children
            while let node = child {
                if node.pointee.type == XML_ENTITY_DECL { throw entityRefusal }
                child = node.pointee.next
            }
        }
        return handle
    }

    /// The bytes with what XML forbids repaired, a note per kind of repair made, and the
    /// encoding to read them in when the declared one is overruled: a legacy declaration over
    /// bytes that are valid non-ASCII UTF-8 (re-encoded, the declaration left behind; the HTML
    /// cleaner's rule). UTF-16 and UTF-32 documents are left to libxml2 as they are.
    static func repairedXML(_ input: [UInt8]) -> (bytes: [UInt8], repairs: [String], encoding: String?) {
        let hasBOM = input.starts(with: [0xFE, 0xFF]) || input.starts(with: [0xFF, 0xFE])
        if hasBOM || CharsetDetector.looksLikeUTF16(input) {
            return (input, [], nil)
        }
        var bytes = input
        var repairs: [String] = []
        var controls = 0
        for index in bytes.indices
        where bytes[index] < 0x20 && bytes[index] != 0x09 && bytes[index] != 0x0A
            && bytes[index] != 0x0D
        {
            bytes[index] = 0x20
            controls += 1
        }
        if controls > 0 { repairs.append("\(controls) control characters replaced") }
        let declared = xmlDeclaredEncoding(bytes)
        let declaresUTF8 = declared.map { CharsetDetector.normalize($0) == "UTF-8" } ?? true
        let validity = UTF8Validity.check(bytes)
        if declaresUTF8, validity == .invalid {
            bytes = IconvConverter.repairUTF8(bytes)
            repairs.append("invalid UTF-8 replaced")
        }
        var encoding: String?
        if let declared, !declaresUTF8, validity == .validNonASCII,
            CharsetDetector.normalize(declared)?.hasPrefix("UTF-") != true
        {
            encoding = "UTF-8"
            repairs.append("declared \(declared) overruled: the bytes are UTF-8")
        }
        return (bytes, repairs, encoding)
    }

    /// The `encoding` of the XML declaration (`<?xml version="1.0" encoding="…"?>`), if any.
    static func xmlDeclaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(256)
        guard head.starts(with: Array("<?xml".utf8)) || head.dropFirst(3).starts(with: Array("<?xml".utf8)),
            let close = head.firstIndex(of: UInt8(ascii: ">"))
        else { return nil }
        let declaration = String(decoding: head[..<close], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return name.isEmpty ? nil : String(name)
    }

    static let entityRefusal = ParseError(
        kind: .xml,
        detail:
            "the document declares entities (<!ENTITY ...>): refused as a possible XML bomb or external-entity attack")

    /// Whether the prolog (everything before the root element) declares an entity. Checked
    /// before parsing, so that a bomb costs nothing; the parsed DTD is checked again after.
    static func declaresEntities(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!ENTITY".utf8)
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                let next = bytes[i + 1]
                let isNameStart =
                    (next | 0x20 >= UInt8(ascii: "a") && next | 0x20 <= UInt8(ascii: "z")) || next == UInt8(ascii: "_")
                if isNameStart { return false }  // the root element: the prolog is over
                if next == UInt8(ascii: "!"), bytes[i...].starts(with: marker) { return true }
            }
            i += 1
        }
        return false
    }
}

/// Small, allocation-light accessors over libxml2 nodes. Pointers never outlive the document.
enum DOM {
    @inline(__always) static func isElement(_ node: xmlNodePtr) -> Bool { node.pointee.type == XML_ELEMENT_NODE }

    @inline(__always) static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name)
    }

    /// The local name, lowercased ASCII ("dc:creator" gives "creator").
    static func localName(_ node: xmlNodePtr) -> String { name(node).lowercased() }

    /// The value of an attribute, read straight from the property list (no copy to free).
    static func attribute(_ node: xmlNodePtr, _ attributeName: String) -> String? {
        var property = node.pointee.properties
        while let p = property {
            if let n = p.pointee.name, strcasecmp(n, attributeName) == 0 {
                var text = ""
                var child = p.pointee.children
                while let c = child {
                    if let content = c.pointee.content { text += String(cString: content) }
                    child = c.pointee.next
                }
                return text
            }
            property = p.pointee.next
        }
        return nil
    }

    /// All text below a node, in document order.
    static func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { ni_xml_free(content) }
        return String(cString: content)
    }

    /// The text of `node`'s subtree as ``text(_:)`` gives it, or nil as soon as it passes
    /// `limit` bytes: a short element's text without reading a whole page's under it (a
    /// byline class on a wrapper, thousands of nested ones on a hostile page).
    static func shortText(_ node: xmlNodePtr, limit: Int) -> String? {
        var bytes: [UInt8] = []
        var current = node.pointee.children
        while let n = current {
            if n.pointee.type == XML_TEXT_NODE || n.pointee.type == XML_CDATA_SECTION_NODE,
                let content = n.pointee.content
            {
                var p = content
                while p.pointee != 0 {
                    bytes.append(p.pointee)
                    if bytes.count > limit { return nil }
                    p += 1
                }
            }
            // Depth first: into children, else to the next sibling, else up to an ancestor's.
            if n.pointee.type == XML_ELEMENT_NODE, let child = n.pointee.children {
                current = child
                continue
            }
            var up: xmlNodePtr? = n
            current = nil
            while let u = up, u != node {
                if let next = u.pointee.next {
                    current = next
                    break
                }
                up = u.pointee.parent
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child {
            if isElement(c) { result.append(c) }
            child = c.pointee.next
        }
        return result
    }
}

@inline(__always) private func strcasecmp(_ a: UnsafePointer<xmlChar>, _ b: String) -> Int32 {
    a.withMemoryRebound(to: CChar.self, capacity: 1) { Glibc.strcasecmp($0, b) }
}
