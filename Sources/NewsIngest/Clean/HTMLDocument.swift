import CLibXML2
import CShims
import Foundation

/// A parse failure from libxml2.
public struct ParseError: Error, CustomStringConvertible, Sendable {
    public let kind: String
    public let detail: String
    public var description: String { "\(kind): \(detail)" }

    /// The one funnel from libxml2's last error to a Swift error.
    static func fromLibXML2(kind: String, fallback: String) -> ParseError {
        if let error = xmlGetLastError(), let message = error.pointee.message {
            let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            return ParseError(kind: kind, detail: "line \(error.pointee.line): \(text)")
        }
        return ParseError(kind: kind, detail: fallback)
    }
}

/// Owns one libxml2 document (`xmlDocPtr`) and frees it exactly once.
final class XMLDocumentHandle {
    let pointer: xmlDocPtr

    init(_ pointer: xmlDocPtr) { self.pointer = pointer }

    deinit { xmlFreeDoc(pointer) }

    var root: xmlNodePtr? { xmlDocGetRootElement(pointer) }

    /// Parses HTML that is already UTF-8. The document's own charset declarations are ignored:
    /// the caller has decided the charset.
    static func parseHTML(utf8 bytes: [UInt8], url: String?) throws -> XMLDocumentHandle {
        ni_xml_silence_errors()
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { throw ParseError(kind: "html", detail: "empty document") }
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), url, "UTF-8", options)
            }
        }
        guard let doc else { throw ParseError.fromLibXML2(kind: "html", fallback: "libxml2 could not parse the page") }
        return XMLDocumentHandle(doc)
    }

    /// Parses XML with network access, DTD loading and entity substitution off, and without
    /// `XML_PARSE_HUGE`, so entity-expansion bombs and external entities are refused.
    static func parseXML(_ bytes: [UInt8], url: String?) throws -> XMLDocumentHandle {
        ni_xml_silence_errors()
        xmlResetLastError()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { throw ParseError(kind: "xml", detail: "empty document") }
        if declaresEntities(bytes) { throw entityRefusal }
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), url, nil, options)
            }
        }
        guard let doc else { throw ParseError.fromLibXML2(kind: "xml", fallback: "not well-formed XML") }
        let handle = XMLDocumentHandle(doc)
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

    static let entityRefusal = ParseError(
        kind: "xml", detail: "the document declares entities (<!ENTITY ...>): refused as a possible XML bomb or external-entity attack")

    /// Whether the prolog (everything before the root element) declares an entity. Checked
    /// before parsing, so that a bomb costs nothing; the parsed DTD is checked again after.
    static func declaresEntities(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!ENTITY".utf8)
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                let next = bytes[i + 1]
                let isNameStart = (next | 0x20 >= UInt8(ascii: "a") && next | 0x20 <= UInt8(ascii: "z")) || next == UInt8(ascii: "_")
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
