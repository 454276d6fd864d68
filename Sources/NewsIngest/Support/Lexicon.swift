import Foundation
import TOMLKit

/// Every multilingual word list of the cleaner and the normaliser, read from one TOML file
/// (`Resources/lexicon.toml`, compiled into the binary) keyed by concern, then by language.
/// Loaded once per process (``bundled``) and handed to the rules that read it; tests can
/// hand in another.
public struct Lexicon: Sendable {
    /// What a list is for: one concern, one list.
    public enum Concern: String, CaseIterable, Sendable {
        case bylineOpeners = "byline_openers"
        case bylineLabels = "byline_labels"
        case bylineRoleSuffixes = "byline_role_suffixes"
        case nameDegrees = "name_degrees"
        case bylineRoleWords = "byline_role_words"
        case bylineOtherCredits = "byline_other_credits"
        case nameParticles = "name_particles"
        case nameConjunctions = "name_conjunctions"
        case updateLabels = "update_labels"
        case publicationLabels = "publication_labels"
        case readingTimeUnits = "reading_time_units"
        case timeWords = "time_words"
        case clockWords = "clock_words"
        case meridiemAM = "meridiem_am"
        case meridiemPM = "meridiem_pm"
        case hourMarks = "hour_marks"
        case minuteMarks = "minute_marks"
        case monthNames = "month_names"
        case daySuffixes = "day_suffixes"
        case dateConnectors = "date_connectors"
        case monthWords = "month_words"
        case yearWords = "year_words"
        case yearMarks = "year_marks"
        case monthMarks = "month_marks"
        case dayMarks = "day_marks"
        case widgetLabels = "widget_labels"
        case teaserOpeners = "teaser_openers"
        case embedPlaceholders = "embed_placeholders"
        case authorBoxHeadings = "author_box_headings"
        case paywallPrompts = "paywall_prompts"
        case creditLabels = "credit_labels"
        case sourceLabels = "source_labels"
        case creditAgencies = "credit_agencies"
        case errorPagePhrases = "error_page_phrases"
        case consentPhrases = "consent_phrases"
        case stopwords
        /// Not a word list: the declared reasons why a word sits under two concerns.
        case overlaps
    }

    /// One language's list of one concern, in file order.
    public struct List: Sendable, Equatable {
        public let language: String
        public let phrases: [String]
    }

    /// Concern → its lists, languages in sorted order (TOMLKit keeps table keys sorted).
    private let lists: [Concern: [List]]

    /// Reads a lexicon; every concern must be present, and nothing else.
    public init(toml text: String, file: String = "lexicon.toml") throws {
        let root = try TOMLDocument.parse(text, file: file)
        var lists: [Concern: [List]] = [:]
        for key in root.keys {
            guard let concern = Concern(rawValue: key) else {
                throw ConfigError(file: file, message: "unknown concern '\(key)'")
            }
            guard let table = root[key]?.table else {
                throw ConfigError(file: file, message: "\(key): expected a table of languages")
            }
            lists[concern] = try table.keys.sorted().map { language in
                guard let array = table[language]?.array else {
                    throw ConfigError(file: file, message: "\(key).\(language): expected an array of strings")
                }
                let phrases = try array.map { item in
                    // Month lists hold "" where a language has no word of its own for a month.
                    guard let phrase = item.string, phrase == phrase.lowercased() || concern == .overlaps,
                        !phrase.isEmpty || concern == .monthNames
                    else {
                        throw ConfigError(file: file, message: "\(key).\(language): expected lowercase strings")
                    }
                    return phrase
                }
                return List(language: language, phrases: phrases)
            }
        }
        for concern in Concern.allCases where lists[concern] == nil {
            throw ConfigError(file: file, message: "missing concern [\(concern.rawValue)]")
        }
        var months: [String: Int] = [:]
        for list in lists[.monthNames] ?? [] {
            guard list.phrases.count == 12 else {
                throw ConfigError(file: file, message: "month_names.\(list.language): expected 12 names")
            }
            // A word names one month in every language that has it, so the order of the lists
            // cannot change what a date says.
            for (index, name) in list.phrases.enumerated() where !name.isEmpty {
                if let month = months.updateValue(index + 1, forKey: name), month != index + 1 {
                    throw ConfigError(
                        file: file, message: "month_names: '\(name)' names months \(month) and \(index + 1)")
                }
            }
        }
        self.lists = lists
    }

    /// The lexicon compiled into the binary, read on first use.
    public static let bundled: Lexicon = {
        let text = String(decoding: PackageResources.lexicon_toml, as: UTF8.self)
        // The file is ours and LexiconTests reads it: failing here is a build defect.
        do { return try Lexicon(toml: text) } catch { fatalError("the bundled lexicon does not load: \(error)") }
    }()

    /// One concern's lists, languages sorted.
    public func lists(_ concern: Concern) -> [List] { lists[concern] ?? [] }

    /// Every phrase of a concern: languages sorted, each in file order.
    public func phrases(_ concern: Concern) -> [String] { lists(concern).flatMap(\.phrases) }

    /// Phrases longest first (then alphabetically): the order in which a regular expression's
    /// alternatives or a prefix test must try them, so that "fotos" is not read as "foto".
    public func longestFirst(_ concern: Concern...) -> [String] {
        Set(concern.flatMap(phrases)).sorted { ($0.count, $1) > ($1.count, $0) }
    }

    /// The alternatives of a regular expression that matches any of the phrases literally.
    public func alternation(_ concern: Concern...) -> String {
        Set(concern.flatMap(phrases)).sorted { ($0.count, $1) > ($1.count, $0) }
            .map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
    }
}
