import XCTest

@testable import NewsIngest

/// What the cleaner's tests share: one cleaner from the bundled lexicon, and prose enough for
/// a page to hold an article.
protocol CleanerTesting {}

/// Built once: the cleaner compiles the lexicon's rules when it is made.
private let sharedCleaner = HTMLCleaner()

extension CleanerTesting {
    var cleaner: HTMLCleaner { sharedCleaner }

    func clean(_ html: String, url: String? = "https://news.example.com/a/1.html") throws -> CleanedArticle {
        try sharedCleaner.clean(bytes: Array(html.utf8), url: url)
    }

    /// Three paragraphs of council news: prose by every measure the cleaner takes.
    var prose: [String] {
        [
            "The city council met on Tuesday evening to discuss the new budget, which includes funds for schools, "
                + "roads and parks.",
            "Several residents spoke during the public session, asking for more street lighting and safer crossings "
                + "near the market.",
            "The mayor said the final vote would take place next month, after a second round of consultation with "
                + "neighbourhood groups.",
        ]
    }
}
