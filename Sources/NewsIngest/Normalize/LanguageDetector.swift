import CCLD2
import Foundation

/// The language of an article, as CLD2 judges it.
public struct LanguageGuess: Sendable, Equatable {
    /// ISO 639-1 code ("id", "vi", "zh"), or "und" when nothing can be said.
    public var code: String
    /// CLD2's share of the text in this language, 0…1.
    public var confidence: Double
    /// CLD2's own reliability flag.
    public var reliable: Bool
    /// Where the code came from: "cld2", or "hint" when CLD2 was unsure and a hint decided.
    public var method: String
}

/// Language identification with CLD2 (through the C++ shim), with hints that decide only when
/// CLD2 is unsure.
public enum LanguageDetector {
    /// Languages CLD2 confuses with each other; a hint from the same group settles them.
    static let confusable: [Set<String>] = [
        ["id", "ms"], ["hr", "bs", "sr"], ["no", "da", "nn"], ["cs", "sk"], ["es", "gl"],
    ]

    /// A run of text in one language: UTF-8 byte offsets into the text given to ``detect(_:hint:tld:spans:)``.
    public struct Span: Sendable, Equatable {
        public var offset: Int
        public var length: Int
        public var code: String
    }

    static func detect(
        _ text: String, hint: String? = nil, tld: String? = nil, stopwords: StopwordLanguageIdentifier
    ) -> LanguageGuess {
        var spans: [Span] = []
        return detect(text, hint: hint, tld: tld, spans: &spans, wantSpans: false, stopwords: stopwords)
    }

    /// Detects the text's language and, in the same CLD2 pass, the language of each run of it.
    static func detect(
        _ text: String, hint: String?, tld: String?, spans: inout [Span], stopwords: StopwordLanguageIdentifier
    ) -> LanguageGuess {
        detect(text, hint: hint, tld: tld, spans: &spans, wantSpans: true, stopwords: stopwords)
    }

    private static func detect(
        _ text: String, hint: String?, tld: String?, spans: inout [Span], wantSpans: Bool,
        stopwords: StopwordLanguageIdentifier
    ) -> LanguageGuess {
        let sample = text.utf8.count <= 64 * 1024 ? text : String(text.prefix(64 * 1024))
        var result = ni_cld2_result()
        var chunks = [ni_cld2_chunk](repeating: ni_cld2_chunk(), count: wantSpans ? 256 : 0)
        var chunkCount: Int32 = 0
        sample.withCString { pointer in
            let length = Int32(strlen(pointer))
            chunks.withUnsafeMutableBufferPointer { buffer in
                let capacity = Int32(buffer.count)
                func run(_ h: UnsafePointer<CChar>?, _ t: UnsafePointer<CChar>?) {
                    ni_cld2_detect_chunks(
                        pointer, length, h, t, &result, wantSpans ? buffer.baseAddress : nil, capacity, &chunkCount)
                }
                if let hint {
                    hint.withCString { h in if let tld { tld.withCString { run(h, $0) } } else { run(h, nil) } }
                } else if let tld {
                    tld.withCString { run(nil, $0) }
                } else {
                    run(nil, nil)
                }
            }
        }
        if wantSpans {
            spans = chunks.prefix(Int(chunkCount)).map { chunk in
                let code = Self.fixedString(chunk.code)
                return Span(offset: Int(chunk.offset), length: Int(chunk.bytes), code: normalizeCode(code))
            }
        }
        let top = Self.fixedString(result.top.0.code)
        let code = normalizeCode(top)
        let confidence = Double(result.top.0.percent) / 100
        let hintCode = hint.map { normalizeCode(String($0.prefix { $0 != "-" && $0 != "_" })) }
        // Languages the compact CLD2 model barely knows get a second opinion.
        if StopwordLanguageIdentifier.cld2Confusions.contains(code)
            || (result.is_reliable == 0 && (hintCode == nil || hintCode == "en")),
            let second = stopwords.identify(sample)
        {
            return LanguageGuess(
                code: second.code, confidence: min(1, second.share * 5), reliable: false, method: "stopwords")
        }
        if code == "und" || result.text_bytes < 20 {
            if let hintCode { return LanguageGuess(code: hintCode, confidence: 0, reliable: false, method: "hint") }
            return LanguageGuess(code: code, confidence: confidence, reliable: false, method: "cld2")
        }
        if let hintCode, hintCode != code {
            let sameGroup = confusable.contains { $0.contains(code) && $0.contains(hintCode) }
            if sameGroup || result.is_reliable == 0 {
                return LanguageGuess(code: hintCode, confidence: confidence, reliable: false, method: "hint")
            }
        }
        return LanguageGuess(code: code, confidence: confidence, reliable: result.is_reliable != 0, method: "cld2")
    }

    /// Maps CLD2's codes to ISO 639-1 where they differ; "un" becomes "und".
    /// A C `char[16]` as a string, read up to its first NUL and never past its end.
    static func fixedString<T>(_ field: T) -> String {
        withUnsafeBytes(of: field) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static func normalizeCode(_ raw: String) -> String {
        let lower = raw.lowercased()
        switch lower {
        case "un", "", "xxx", "und": return "und"
        case "iw": return "he"
        case "jw": return "jv"
        case "in": return "id"
        case "nb", "nn": return "no"
        case "zh-hant", "zh-tw", "zh-cn", "zh-hans": return "zh"
        default: return String(lower.prefix { $0 != "-" && $0 != "_" })
        }
    }
}
