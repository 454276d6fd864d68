import Foundation

/// Finds an article body that a page ships only inside a script: the JSON state that
/// server-rendered apps hand to the browser (Next.js `__NEXT_DATA__`, React Query's dehydrated
/// cache, Nuxt's state) often holds the body as an HTML string under a key such as
/// `contentHtml` or `articleBody`, while the markup holds nothing but a shell.
///
/// Used only when the visible page gave no article. Candidates are JSON string values under
/// body-like keys whose decoded text is HTML with paragraphs; the one with the most text wins.
enum ScriptedBody {
    /// Keys under which apps keep the body as HTML (compared case-insensitively).
    static let keys: Set<String> = [
        "contenthtml", "content_html", "bodyhtml", "body_html", "htmlcontent", "html_content", "articlebody",
        "article_body", "articlecontent", "article_content", "articlehtml", "article_html", "content", "body", "html",
        "text", "maintext", "main_text",
    ]

    /// Smallest amount of markup-free text a candidate must hold.
    static let minTextBytes = 400

    /// The HTML of the best body found in the page's scripts, or nil.
    /// - Complexity: one pass over the page per key occurrence; string values are decoded only
    ///   for body-like keys.
    static func find(in utf8: [UInt8]) -> String? {
        var best: (html: String, text: Int)?
        var i = 0
        let count = utf8.count
        while i < count {
            // A key is a JSON string followed by a colon: "contentHtml":"...
            guard utf8[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            guard let keyEnd = closingQuote(utf8, from: i + 1) else {
                i += 1
                continue
            }
            // Every string is stepped over whole, so quotes inside values never start a key.
            guard keyEnd - i - 1 <= 20 else {
                i = keyEnd + 1
                continue
            }
            var j = keyEnd + 1
            while j < count, utf8[j] == 0x20 { j += 1 }
            guard j + 1 < count, utf8[j] == UInt8(ascii: ":") else {
                i = keyEnd + 1
                continue
            }
            j += 1
            while j < count, utf8[j] == 0x20 { j += 1 }
            let key = String(decoding: utf8[(i + 1)..<keyEnd], as: UTF8.self).lowercased()
            guard j < count, utf8[j] == UInt8(ascii: "\""), keys.contains(key),
                let valueEnd = closingQuote(utf8, from: j + 1)
            else {
                i = keyEnd + 1
                continue
            }
            if valueEnd - j > minTextBytes, let value = decodeJSONString(utf8[(j + 1)..<valueEnd]), value.contains("<p")
            {
                let text = textBytes(of: value)
                if text >= minTextBytes, text > best?.text ?? 0 { best = (value, text) }
            }
            i = valueEnd + 1
        }
        return best?.html
    }

    /// Template markers the app replaces at run time ("$$ARTICLEAD$$", "{{ad_slot}}",
    /// "%%VIDEO%%"): slots for ads and embeds, never text.
    static func withoutPlaceholders(_ html: String) -> String {
        html.replacingOccurrences(
            of: #"\$\$[A-Za-z0-9_]{2,40}\$\$|\{\{[A-Za-z0-9_ .]{2,40}\}\}|%%[A-Za-z0-9_]{2,40}%%"#, with: "",
            options: .regularExpression)
    }

    /// Index of the quote that ends a JSON string starting at `start`, skipping escapes.
    private static func closingQuote(_ utf8: [UInt8], from start: Int) -> Int? {
        var k = start
        while k < utf8.count {
            switch utf8[k] {
            case UInt8(ascii: "\\"): k += 2
            case UInt8(ascii: "\""): return k
            case 0x0A, 0x0D: return nil  // a raw line break: not a JSON string
            default: k += 1
            }
        }
        return nil
    }

    /// Decodes a JSON string body (without its quotes) with the JSON parser itself.
    private static func decodeJSONString(_ body: ArraySlice<UInt8>) -> String? {
        var data = Data([UInt8(ascii: "[")])
        data.append(UInt8(ascii: "\""))
        data.append(contentsOf: body)
        data.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "]")])
        return (try? JSONSerialization.jsonObject(with: data) as? [String])?.first
    }

    /// Bytes of text outside tags: how much prose an HTML string holds.
    private static func textBytes(of html: String) -> Int {
        var inTag = false
        var bytes = 0
        for b in html.utf8 {
            if b == UInt8(ascii: "<") {
                inTag = true
            } else if b == UInt8(ascii: ">") {
                inTag = false
            } else if !inTag, b > 0x20 {
                bytes += 1
            }
        }
        return bytes
    }
}
