import Foundation

/// Chooses the article's own blocks out of a ``PageModel``.
///
/// The method, in the spirit of Readability and boilerpipe but on our flat model:
/// 1. Furniture is ruled out first: elements whose tag or class says nav/share/comments/related
///    (``BoilerplateRules``). Class names lie both ways, so the evidence is weighed against the
///    prose inside: a "widget" never holds half of a page's prose, and a `<header>` or a
///    "sidebar-grid" with real paragraphs in it is part of the article.
/// 2. Every paragraph-like block that is long enough and not mostly links votes for the
///    elements above it: fully for its container, half for the next, less further up. A vote is
///    worth more for longer text and for more commas (prose has commas; menus do not).
/// 3. The best-scored container, discounted by its link density, is the article. Siblings that
///    scored well too, that are plain prose, or that are boxes of the same kind (tag and first
///    class name) join it (articles split by ads or figures).
/// 4. Within that, blocks that are captions, link lists or widget labels are dropped; a paywall
///    prompt, reader appeal, consent placeholder or author-box heading takes the rest of its
///    small box with it; a bold line of names at either end is the signature (to `authors`).
/// 5. A standfirst standing above the body is prepended when its text is the page's description.
struct ContentSelector {
    let model: PageModel
    let rules: CleanRules

    struct Selection {
        var paragraphs: [Paragraph]
        var images: [ArticleImage]
        var rootElements: [Int]
        /// A signature line taken out of the body: the authors' names alone, in bold, as the
        /// last paragraph ("Lê Phương" at the foot of Vietnamese articles) or one of the first three.
        var signature: String?
        /// Index in the model's blocks of the body's first paragraph.
        var firstBlock: Int?
    }

    /// Set NEWSINGEST_DEBUG_SELECTION=1 to have every selection explained on stderr.
    static let debugSelection = ProcessInfo.processInfo.environment["NEWSINGEST_DEBUG_SELECTION"] != nil

    /// Minimum weight of a block that votes for its container (about 5 words).
    static let minVotingWeight = 25

    func select(title: String?, description: String? = nil) -> Selection {
        let elements = model.elements
        guard !elements.isEmpty else { return Selection(paragraphs: [], images: [], rootElements: []) }
        let furniture = furnitureMask()
        var scores = [Double](repeating: 0, count: elements.count)
        var scored = [Bool](repeating: false, count: elements.count)

        for block in votingBlocks(furniture: furniture) {
            let vote = 1.0 + Double(block.commas) + min(Double(block.weight) / 100.0, 3.0)
            var current = containerStart(for: block)
            var level = 0
            while current >= 0, level < 5 {
                if furniture[current] { break }
                scored[current] = true
                let divider = level == 0 ? 1.0 : (level == 1 ? 2.0 : Double(level) * 3.0)
                scores[current] += vote / divider
                current = elements[current].parent
                level += 1
            }
        }

        var best = -1
        var bestScore = 0.0
        for i in elements.indices where scored[i] {
            let element = elements[i]
            let linkDensity = element.weight == 0 ? 0 : Double(element.linkWeight) / Double(element.weight)
            scores[i] *= containerFactor(i) * (1 - linkDensity)
            if scores[i] > bestScore {
                bestScore = scores[i]
                best = i
            }
        }

        var roots: [Int]
        if best < 0 {
            // No block long enough to vote: a short page. Take what is not furniture.
            roots = [0]
        } else if let anchored = titleAnchoredArticle(
            best: best, title: title, scores: scores, scored: scored, furniture: furniture)
        {
            // Several articles on the page: stay inside the title's own <article>.
            roots = siblingsJoining(
                anchored.box, bestScore: scores[anchored.box], scores: scores, scored: scored, furniture: furniture
            )
            .filter { $0 == anchored.article || isInside($0, anchored.article) }
        } else {
            best = promoteToCommonAncestor(best, scores: scores, scored: scored)
            roots = siblingsJoining(best, bestScore: scores[best], scores: scores, scored: scored, furniture: furniture)
        }
        if best >= 0, let wider = widerBox(around: roots, furniture: furniture) { roots = [wider] }
        if Self.debugSelection {
            debugDump(roots: roots, scores: scores, scored: scored, furniture: furniture)
        }
        var selection = collect(roots: roots, furniture: furniture, title: title)
        if let description, let lead = lead(before: selection, description: description) {
            selection.paragraphs.insert(Paragraph(lead), at: 0)
        }
        return selection
    }

    /// The standfirst when it stands apart from the body (above it, in a header box): the
    /// visible block before the body's first paragraph whose text is the page's description,
    /// whole or cut short with an ellipsis. A description found nowhere on the page adds nothing.
    private func lead(before selection: Selection, description: String) -> String? {
        guard let first = selection.firstBlock else { return nil }
        let wanted = Self.letters(description)
        guard wanted.utf8.count >= 40 else { return nil }
        let truncated = description.hasSuffix("…") || description.hasSuffix("...")
        for block in model.blocks[..<first]
        where block.kind == .paragraph || block.kind == .heading && block.headingLevel >= 2 {
            let length = block.text.utf8.count
            guard length * 10 >= description.utf8.count * 8, truncated || length * 10 <= description.utf8.count * 12
            else { continue }
            let found = Self.letters(block.text)
            if found == wanted || (truncated && found.hasPrefix(wanted)) { return block.text }
        }
        return nil
    }

    /// Lowercased letters and digits only: the same text however it is punctuated or spaced.
    static func letters(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars where UnicodeFast.isWordCharacter(scalar) { out.append(scalar) }
        return String(out)
    }

    /// Pages that load the next article as the reader scrolls hold several `<article>`s; the
    /// page's own is the one whose heading is the page's title. When the best-voted box sits in
    /// another `<article>`, the best box of the title's `<article>` is taken instead (if it
    /// scored a fifth of the best at least: a heading alone is not an article).
    private func titleAnchoredArticle(
        best: Int, title: String?, scores: [Double], scored: [Bool], furniture: [Bool]
    ) -> (box: Int, article: Int)? {
        let elements = model.elements
        // Only pages where the best box sits in an <article> and a separate <article> exists.
        let chosen = nearestArticle(best)
        guard chosen >= 0,
            elements.indices.contains(where: {
                $0 != chosen && elements[$0].tag == "article" && !isInside($0, chosen) && !isInside(chosen, $0)
            })
        else { return nil }
        guard hasOwnHeadline(chosen, furniture: furniture) else { return nil }
        guard let title = title.map({ Whitespace.collapse($0).lowercased() }), title.count >= 10 else { return nil }
        // The title's block: a heading that matches it, or any block that is exactly it (a
        // headline styled inside a figure is modelled as a caption).
        let titleBytes = title.utf8.count
        guard
            let heading = model.blocks.first(where: { block in
                // Cheap length test first: most blocks are far longer or shorter than a title.
                let bytes = block.text.utf8.count
                guard bytes * 2 >= titleBytes, bytes <= titleBytes * 3 + 16 else { return false }
                let text = Whitespace.collapse(block.text).lowercased()
                if text == title { return true }
                guard block.kind == .heading, (1...3).contains(block.headingLevel) else { return false }
                return text.count >= 10 && (title.contains(text) || text.contains(title))
            })
        else { return nil }
        let own = nearestArticle(heading.element)
        guard own >= 0, own != chosen, !isInside(chosen, own), !isInside(own, chosen) else { return nil }
        var candidate = -1
        for i in elements.indices where scored[i] && (i == own || nearestArticle(i) == own) {
            if candidate < 0 || scores[i] > scores[candidate] { candidate = i }
        }
        guard candidate >= 0, scores[candidate] * 5 >= scores[best] else { return nil }
        return (candidate, own)
    }

    /// Whether an `<article>` is a story of its own: it has its own headline, an `<h1>` or an
    /// `<h2>` of four words or more, not a link to another page, not in a box of furniture. An
    /// `<article>` without one is a part of the page around it: a recipe card whose sections
    /// are labelled "Instructions" or "Notes", the steps of a guide each wrapped in an
    /// `<article>`, a product box below the story.
    private func hasOwnHeadline(_ article: Int, furniture: [Bool]) -> Bool {
        model.blocks.contains { block in
            guard block.kind == .heading, block.linkDensity < 0.5, !furniture[block.element],
                block.headingLevel == 1
                    || block.headingLevel == 2 && block.text.split(whereSeparator: \.isWhitespace).count >= 4
            else { return false }
            return nearestArticle(block.element) == article
        }
    }

    /// The `<article>` an element lies in (itself, when it is one), or -1.
    private func nearestArticle(_ index: Int) -> Int {
        var current = index
        while current >= 0, model.elements[current].tag != "article" { current = model.elements[current].parent }
        return current
    }

    /// The second candidate, for layouts where no one box wins the vote: page builders and
    /// themes that split an article over many sections, each nested deeper than a vote
    /// reaches, so the best box is one section of it. When the chosen boxes hold under half of
    /// the page's voting prose (paragraphs outside furniture, long enough to vote, not mostly
    /// links), the nearest ancestor of the best box that holds at least 70 % of it is the
    /// article instead, if it is not mostly links itself (a third of its text at most: a page
    /// wrapper full of menus is not an article), is not the whole `<body>` and takes in no other
    /// `<article>`. The rule costs nothing on the pages where one box holds the article.
    ///
    /// Chosen boxes holding between half and two thirds of the voting prose are widened on
    /// stronger evidence only, as there the rest is as often a site's teasers below the story
    /// as the article's own first part: the ancestor must hold 90 % of the voting prose, and
    /// what it adds must lie mostly above the chosen boxes (at least twice as much before them
    /// as after). An article's opening section cut off by a layout column comes before the
    /// body that won; related stories, "more from" lists and forms come after it.
    private func widerBox(around roots: [Int], furniture: [Bool]) -> Int? {
        let elements = model.elements
        guard let first = roots.first else { return nil }
        var voting = [Int](repeating: 0, count: elements.count)
        var total = 0
        for block in votingBlocks(furniture: furniture) {
            total += block.weight
            var current = block.element
            while current >= 0 {
                voting[current] += block.weight
                current = elements[current].parent
            }
        }
        // About a hundred words of prose: below that a page has no sections to miss.
        guard total >= 600 else { return nil }
        let chosen = roots.reduce(0) { $0 + voting[$1] }
        guard 3 * chosen < 2 * total else { return nil }
        let halfChosen = 2 * chosen >= total
        // Pages that append the next story hold several <article>s: the wider box stays inside
        // the chosen one's, never taking in another story (an <article> with a fifth of the
        // voting prose and a headline of its own; cards and comments marked up as <article>s
        // are smaller, steps of a guide wrapped in <article>s have no headline).
        let articles = elements.indices.filter {
            elements[$0].tag == "article" && 5 * voting[$0] >= total && hasOwnHeadline($0, furniture: furniture)
        }
        var current = elements[first].parent
        while current >= 0, !furniture[current], elements[current].tag != "body" {
            let box = current
            if articles.contains(where: { $0 != box && isInside($0, box) && !isInside(first, $0) }) { return nil }
            if 10 * voting[current] >= (halfChosen ? 9 : 7) * total {
                if halfChosen, !addsMostlyAbove(box, roots: roots, furniture: furniture) { return nil }
                let element = elements[current]
                let linkDensity = element.weight == 0 ? 0 : Double(element.linkWeight) / Double(element.weight)
                return linkDensity <= 1.0 / 3.0 ? current : nil
            }
            current = elements[current].parent
        }
        return nil
    }

    /// The blocks that vote, in ``select(title:description:)`` and ``widerBox(around:furniture:)``:
    /// outside furniture, not captions, long enough to vote and not mostly links.
    private func votingBlocks(furniture: [Bool]) -> some Sequence<TextBlock> {
        model.blocks.lazy.filter {
            $0.kind != .caption && !furniture[$0.element] && $0.weight >= Self.minVotingWeight && $0.linkDensity < 0.5
        }
    }

    /// Whether the voting prose `box` holds besides `roots` lies at least twice as much before
    /// them as after them.
    private func addsMostlyAbove(_ box: Int, roots: [Int], furniture: [Bool]) -> Bool {
        guard let first = roots.first, let last = roots.max() else { return false }
        var before = 0
        var after = 0
        for block in votingBlocks(furniture: furniture) where isDescendant(block.element, of: box) {
            if block.element < first {
                before += block.weight
            } else if block.element > last, !isDescendant(block.element, of: last) {
                after += block.weight
            }
        }
        return before >= 2 * after
    }

    /// Whether element `inner` lies below element `outer`.
    private func isInside(_ inner: Int, _ outer: Int) -> Bool {
        var current = model.elements[inner].parent
        while current >= 0 {
            if current == outer { return true }
            current = model.elements[current].parent
        }
        return false
    }

    /// Explains a selection on stderr (set NEWSINGEST_DEBUG_SELECTION=1): the best candidates
    /// with their path, and every block marked furniture (F) or inside a root (*).
    private func debugDump(roots: [Int], scores: [Double], scored: [Bool], furniture: [Bool]) {
        func path(_ i: Int) -> String {
            var parts: [String] = []
            var current = i
            while current >= 0 {
                let e = model.elements[current]
                parts.append(e.tag + (e.boilerplate ? "!" : "") + (e.positive ? "+" : ""))
                current = e.parent
            }
            return parts.reversed().joined(separator: ">")
        }
        var lines = [
            "elements \(model.elements.count) blocks \(model.blocks.count) json-ld \(model.jsonLD.count) title "
                + "\(model.title ?? "-")",
            "roots: " + roots.map { "\($0) \(path($0))" }.joined(separator: " | "),
        ]
        for i in model.elements.indices.filter({ scored[$0] }).sorted(by: { scores[$0] > scores[$1] }).prefix(6) {
            lines.append(
                String(
                    format: "  cand %d score %.1f w %d lw %d  ", i, scores[i], model.elements[i].weight,
                    model.elements[i].linkWeight) + path(i))
        }
        for block in model.blocks {
            let inRoot = roots.contains { block.element == $0 || isInside(block.element, $0) }
            let flag = furniture[block.element] ? "F" : (inRoot ? "*" : " ")
            lines.append(
                "  [\(flag)] e\(block.element) \(block.kind) w\(block.weight) "
                    + "ld\(String(format: "%.2f", block.linkDensity)) \(block.text.prefix(70))"
            )
            if block.weight >= 200 { lines.append("        path " + path(block.element)) }
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// Which element a block's vote goes to first: a `<p>` votes for its parent; text sitting
    /// directly in a `<div>` votes for that div.
    private func containerStart(for block: TextBlock) -> Int {
        switch block.kind {
        case .paragraph:
            let element = model.elements[block.element]
            return element.tag == "p" ? element.parent : block.element
        default:
            return model.elements[block.element].parent
        }
    }

    /// How much a container's tag and class make it look like an article body. A factor, not
    /// a bonus: a "content" class must not make an empty box beat the box with the paragraphs.
    private func containerFactor(_ index: Int) -> Double {
        let element = model.elements[index]
        var factor: Double
        switch element.tag {
        case "article", "main": factor = 1.3
        case "div", "section", "td", "blockquote", "pre": factor = 1.0
        case "ol", "ul", "dl", "dd", "dt", "li", "form", "address": factor = 0.6
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": factor = 0.3
        default: factor = 0.9
        }
        if element.positive { factor *= 1.3 }
        if element.boilerplate { factor *= 0.5 }
        return factor
    }

    /// When several of the best candidates share an ancestor that scored well too, the article
    /// is that ancestor (its paragraphs were split into several boxes).
    private func promoteToCommonAncestor(_ best: Int, scores: [Double], scored: [Bool]) -> Int {
        let top = scores[best]
        let rivals = model.elements.indices.filter { scored[$0] && $0 != best && scores[$0] >= top * 0.75 }
            .sorted { scores[$0] > scores[$1] }.prefix(4)
        guard rivals.count >= 2 else { return best }
        var ancestor = model.elements[best].parent
        while ancestor >= 0 {
            let sharing = rivals.filter { isDescendant($0, of: ancestor) }.count
            if sharing >= 2 { return scored[ancestor] && scores[ancestor] > 0 ? ancestor : best }
            ancestor = model.elements[ancestor].parent
        }
        return best
    }

    private func siblingsJoining(_ chosen: Int, bestScore: Double, scores: [Double], scored: [Bool], furniture: [Bool])
        -> [Int]
    {
        // A box that is all its parent holds is the same box one level up: look for siblings
        // where there are some (paragraph boxes split across wrappers of one child each).
        var best = chosen
        var climbed = 0
        while climbed < 4, case let up = model.elements[best].parent, up >= 0, !furniture[up],
            model.elements[up].weight <= model.elements[best].weight, model.elements[up].tag != "body"
        {
            best = up
            climbed += 1
        }
        let parent = model.elements[best].parent
        guard parent >= 0 else { return [best] }
        let threshold = bestScore * 0.2
        var roots: [Int] = []
        // Where the voted content ends: after climbing, unvoted prose past it is an appeal, a
        // newsletter box or a teaser, not the article (a lead comes before, a paragraph
        // between two voted boxes stays).
        var lastVoted = best
        var unvotedProse = Set<Int>()
        var between: [Int] = []
        // An article written as a run of <section>s, two of them joined before the best one:
        // the sections after it are more of the article, however weakly voted (tables and lists
        // vote little), not appeals. Only <section>, the element HTML has for an article's
        // parts: a run of <div>s is as often the body's boxes followed by an appeal's box.
        func isSection(_ i: Int) -> Bool { model.elements[i].tag == "section" }
        func continuesRun(_ i: Int) -> Bool {
            i > best && isSection(best) && isSection(i)
                && roots.lazy.filter { $0 < best && isSection($0) }.prefix(2).count == 2
        }
        // Direct children of the parent, in document order.
        for i in (parent + 1)..<model.elements.count where model.elements[i].parent == parent {
            if i == best {
                roots.append(i)
                continue
            }
            guard !furniture[i] else { continue }
            let element = model.elements[i]
            let linkDensity = element.weight == 0 ? 0 : Double(element.linkWeight) / Double(element.weight)
            // A box of the same kind as the article's (tag and class: the CMS's "body text"
            // component repeated between images and ads) is more of the article, however short.
            if element.classHash != 0, element.classHash == model.elements[best].classHash,
                element.tag == model.elements[best].tag,
                element.proseWeight > 0, linkDensity < 0.25
            {
                roots.append(i)
                lastVoted = max(lastVoted, i)
                continue
            }
            if scored[i], scores[i] >= threshold {
                // After climbing, a weakly voted box past the best one is a box about the
                // article (an appeal, a fact box), not more of it; unless it continues a run.
                if climbed > 0, i > best, scores[i] < bestScore * 0.5, !continuesRun(i) { continue }
                roots.append(i)
                lastVoted = max(lastVoted, i)
            } else if element.proseWeight > 0, linkDensity < 0.25 {
                // Prose next to the article: a lead in its own box, a paragraph between two boxes.
                roots.append(i)
                unvotedProse.insert(i)
            } else if element.tag == "p", element.weight > 0, linkDensity == 0, endsSentence(i) {
                roots.append(i)
            } else if element.weight > 0, linkDensity < 0.25 {
                // A sub-heading, a table of figures or a list of short items in a box of its own
                // is the article's if the article goes on after it; decided below.
                between.append(i)
            }
        }
        if climbed > 0 {
            let trailing = roots.filter { $0 > lastVoted && unvotedProse.contains($0) && !continuesRun($0) }
            roots.removeAll { trailing.contains($0) }
        }
        if let firstRoot = roots.first, let lastRoot = roots.last {
            let inside = Set(between.filter { $0 > firstRoot && $0 < lastRoot })
            let structure = structureBoxes(inside, under: parent)
            if !structure.isEmpty { roots = (roots + structure).sorted() }
        }
        return roots
    }

    /// Those of `boxes` (children of `parent`) whose text is mostly the article's structure
    /// rather than prose: a sub-heading, or a table or list (two cells or items at least). A
    /// dateline, a short link or a player's label between two boxes is none of these. One
    /// pass over the blocks, however many boxes.
    private func structureBoxes(_ boxes: Set<Int>, under parent: Int) -> [Int] {
        guard !boxes.isEmpty else { return [] }
        var structured: [Int: (weight: Int, items: Int, headings: Int, all: Int)] = [:]
        for block in model.blocks where block.element > parent {
            // The child of `parent` the block lies in, if any.
            var current = block.element
            while current >= 0, model.elements[current].parent != parent { current = model.elements[current].parent }
            guard current >= 0, boxes.contains(current) else { continue }
            var counts = structured[current, default: (0, 0, 0, 0)]
            counts.all += block.weight
            switch block.kind {
            case .cell, .listItem:
                counts.weight += block.weight
                counts.items += 1
            case .heading:
                counts.weight += block.weight
                counts.headings += 1
            default: break
            }
            structured[current] = counts
        }
        return structured.filter { _, c in (c.items >= 2 || c.headings >= 1) && 2 * c.weight > c.all }.map(\.key)
    }

    private func endsSentence(_ element: Int) -> Bool {
        guard let block = model.blocks.last(where: { $0.element == element }) else { return false }
        guard let last = block.text.last else { return false }
        return ".!?。！？…\"”»".contains(last)
    }

    private func isDescendant(_ index: Int, of ancestor: Int) -> Bool {
        var current = index
        while current > ancestor { current = model.elements[current].parent }
        return current == ancestor
    }

    /// Elements that are furniture themselves or sit inside furniture.
    ///
    /// Certain evidence (nav, footer, aside, comment sections) makes an element furniture,
    /// unless the parser nested the page's `<main>` or `<article>` into it (below).
    /// Strong evidence ("share", "related", "ad") makes it furniture unless it holds at least
    /// half of the page's prose or is a long run of mostly prose. Weak evidence (header, form,
    /// "sidebar", "meta") makes it furniture unless it holds a real paragraph (150 weight of
    /// prose, about 25 words) and is not mostly links.
    private func furnitureMask() -> [Bool] {
        let totalProse = max(1, model.elements.first?.proseWeight ?? 0)
        // libxml2's HTML parser knows no HTML5 end-tag rules: an unclosed <li>, <nav> or
        // consent dialog before the content nests the page's <main> or <article> inside it, and
        // then the whole article sits in "certain" furniture. Nobody writes a <main> or an
        // <article> with most of the page's prose into a nav, a header, an aside or a dialog,
        // nor the page's headline with most of its prose: an element that holds either was
        // mis-nested, and is not furniture for that evidence.
        var holdsMainContent = [Bool](repeating: false, count: model.elements.count)
        var holdsHeadline = [Bool](repeating: false, count: model.elements.count)
        if let headline = model.blocks.first(where: { $0.kind == .heading && $0.headingLevel == 1 }) {
            holdsHeadline[headline.element] = true
        }
        for i in model.elements.indices.reversed() {
            let element = model.elements[i]
            let mostProse = 2 * element.proseWeight >= totalProse
            if mostProse, element.tag == "main" || element.tag == "article" || holdsHeadline[i] {
                holdsMainContent[i] = true
            }
            guard element.parent >= 0 else { continue }
            if holdsMainContent[i] { holdsMainContent[element.parent] = true }
            if holdsHeadline[i] { holdsHeadline[element.parent] = true }
        }
        let grids = teaserGrids(totalProse: totalProse)
        var mask = [Bool](repeating: false, count: model.elements.count)
        for (i, element) in model.elements.enumerated() {
            if element.parent >= 0, mask[element.parent] {
                mask[i] = true
                continue
            }
            if grids[i] {
                mask[i] = true
                continue
            }
            let linkDensity = element.weight == 0 ? 0 : Double(element.linkWeight) / Double(element.weight)
            switch element.furniture {
            case .none:
                mask[i] = false
            case .certain:
                mask[i] = !holdsMainContent[i]
            case .strong:
                // A widget holds neither half of the page's prose nor a long run of mostly prose
                // (a "ShareDiv" that, by the markup's accident, wraps the article does).
                let mostlyProse =
                    element.proseWeight >= 1000 && Double(element.proseWeight) >= 0.7 * Double(element.weight)
                mask[i] = Double(element.proseWeight) < 0.5 * Double(totalProse) && !mostlyProse
            case .weak:
                mask[i] =
                    element.proseWeight < 150
                    || (linkDensity >= 0.5 && Double(element.proseWeight) < 0.5 * Double(totalProse))
            }
        }
        return mask
    }

    /// Grids of post teasers: an element whose children are three or more cards, each with a
    /// heading that is all link (another post's headline), a dateline (the post's date) and a
    /// short excerpt, and nothing else: a CMS's "latest posts" widget. Its excerpts are prose,
    /// but of other pages. Without dates the cards are a list article's entries or a hub's
    /// topics, the page's own text; a grid with half of the page's prose is the page itself.
    private func teaserGrids(totalProse: Int) -> [Bool] {
        let count = model.elements.count
        var linkedHeadings = [Int](repeating: 0, count: count)
        var otherHeadings = [Int](repeating: 0, count: count)
        var dates = [Int](repeating: 0, count: count)
        for block in model.blocks where block.kind == .heading {
            if block.linkDensity >= 0.9 {
                linkedHeadings[block.element] += 1
            } else {
                otherHeadings[block.element] += 1
            }
        }
        // Three linked headings at least, or no grid: the dates are read only then.
        guard linkedHeadings.reduce(0, +) >= 3 else { return [Bool](repeating: false, count: count) }
        for block in model.blocks where block.kind != .heading && block.weight < 60 {
            if rules.dates.isDateline(block.text) { dates[block.element] += 1 }
        }
        // Each element's own and its descendants' counts (children come after their parents).
        for i in stride(from: count - 1, through: 1, by: -1) {
            let parent = model.elements[i].parent
            guard parent >= 0 else { continue }
            linkedHeadings[parent] += linkedHeadings[i]
            otherHeadings[parent] += otherHeadings[i]
            dates[parent] += dates[i]
        }
        var cards = [Int](repeating: 0, count: count)
        var others = [Bool](repeating: false, count: count)
        for i in 1..<max(1, count) {
            let parent = model.elements[i].parent
            guard parent >= 0, model.elements[i].weight > 0 else { continue }
            if linkedHeadings[i] == 1, otherHeadings[i] == 0, dates[i] >= 1, model.elements[i].proseWeight < 600 {
                cards[parent] += 1
            } else {
                others[parent] = true
            }
        }
        return (0..<count).map { i in
            cards[i] >= 3 && !others[i] && 2 * model.elements[i].proseWeight < totalProse
        }
    }

    private func collect(roots: [Int], furniture: [Bool], title: String?) -> Selection {
        var inside = [Bool](repeating: false, count: model.elements.count)
        for (i, element) in model.elements.enumerated() {
            if roots.contains(i) {
                inside[i] = true
            } else if element.parent >= 0, inside[element.parent] {
                inside[i] = true
            }
        }
        let normalizedTitle = title.map(Self.comparable)
        var paragraphs: [Paragraph] = []
        var boldParagraphs = Set<Int>()
        var captions: [Int: [String]] = [:]
        // Images whose alt text is a sentence: a caption without <figcaption> markup repeats it
        // ("<img alt='Uwe Schubert möchte …'><p>Uwe Schubert möchte … IMAGO/Nico Herbertz</p>").
        let describedImages = model.images.filter { inside[$0.element] && $0.alt.utf8.count >= 24 }
            .map { (element: $0.element, alt: Self.comparable($0.alt)) }
        // A small box opened by a paywall prompt or an author-box heading, left out from there on.
        var closedBox = -1
        let heaviestRoot = roots.max { model.elements[$0].weight < model.elements[$1].weight } ?? -1
        var firstBlock: Int?
        for (index, block) in model.blocks.enumerated() where inside[block.element] {
            if closedBox >= 0, block.element == closedBox || isInside(block.element, closedBox) { continue }
            if block.kind == .caption {
                captions[figureOf(block.element) ?? block.element, default: []].append(block.text)
                continue
            }
            if let image = captionedImage(
                block, after: index > 0 ? model.blocks[index - 1].element : -1, among: describedImages)
            {
                captions[figureOf(image) ?? image, default: []].append(block.text)
                continue
            }
            if furniture[block.element] { continue }
            if block.weight == 0 { continue }
            if block.linkDensity > 0.6 || (block.linkDensity > 0.35 && block.weight < 80) { continue }
            let lineKind = rules.lines.lineKind(block.text)
            if lineKind == .boxOpener {
                let box = model.elements[block.element].parent
                // Only a box inside the article: closing one of its ancestors would end the article.
                // A box joined as a root of its own (the author box after the body's box) is
                // inside it too, unless it is the heaviest root: that one is the article.
                if box >= 0, model.elements[box].weight <= 1000,
                    roots.contains(where: { isInside(box, $0) }) || (roots.contains(box) && box != heaviestRoot)
                {
                    closedBox = box
                }
                continue
            }
            if lineKind == .widget || rules.lines.isDatelineOnly(block.text) || rules.dates.isDateline(block.text)
                || rules.lines.isCreditLine(block.text)
            {
                continue
            }
            // The page's headline restated (also with a kicker before it: "Angebliche
            // Dekolonisierung: Warum Putin …") is the title, not body.
            if block.kind == .heading, block.headingLevel == 1, let normalizedTitle, !normalizedTitle.isEmpty,
                case let heading = Self.comparable(block.text),
                heading == normalizedTitle || heading.hasSuffix(normalizedTitle)
            {
                continue
            }
            let kind: Paragraph.Kind
            switch block.kind {
            case .heading: kind = .heading
            case .listItem: kind = .listItem
            case .quote: kind = .quote
            case .preformatted: kind = .preformatted
            case .cell: kind = .cell
            case .paragraph, .caption: kind = .paragraph
            }
            if block.isBold, kind == .paragraph { boldParagraphs.insert(paragraphs.count) }
            if firstBlock == nil { firstBlock = index }
            paragraphs.append(Paragraph(block.text, kind: kind))
        }
        // Drop headings left dangling at the end (a "Related" heading whose list was dropped).
        while let last = paragraphs.last, last.kind == .heading { paragraphs.removeLast() }
        var signature: String?
        if let last = paragraphs.indices.last, boldParagraphs.contains(last),
            rules.names.isSignature(paragraphs[last].text)
        {
            signature = paragraphs.removeLast().text
        } else if let first = paragraphs.indices.prefix(3).first(where: {
            boldParagraphs.contains($0) && rules.names.isSignature(paragraphs[$0].text)
        }),
            paragraphs.count > first + 1
        {
            // At the top, after a standfirst at most.
            signature = paragraphs.remove(at: first).text
        }

        var images: [ArticleImage] = []
        var usedCaptions = Set<Int>()
        for image in model.images where inside[image.element] && !furniture[image.element] {
            let key = figureOf(image.element) ?? image.element
            var caption: String?
            var credit: String?
            if let texts = captions[key], !usedCaptions.contains(key) {
                usedCaptions.insert(key)
                let split = rules.captions.split(texts.joined(separator: " "))
                caption = split.caption.isEmpty ? nil : split.caption
                credit = split.credit
            }
            images.append(
                ArticleImage(src: image.src, alt: image.alt.isEmpty ? nil : image.alt, caption: caption, credit: credit)
            )
        }
        return Selection(
            paragraphs: paragraphs, images: images, rootElements: roots, signature: signature, firstBlock: firstBlock)
    }

    /// The image a short block captions by repeating its alt text: the first text after the
    /// image (`previous`, the element of the block before, comes before the image), within a
    /// dozen elements of it (the caption's wrappers).
    private func captionedImage(_ block: TextBlock, after previous: Int, among images: [(element: Int, alt: String)])
        -> Int?
    {
        guard !images.isEmpty, block.text.utf8.count <= 400 else { return nil }
        let text = Self.comparable(block.text)
        return images.last { image in
            previous < image.element && image.element < block.element && block.element - image.element <= 12
                && text.hasPrefix(image.alt)
        }?.element
    }

    private func figureOf(_ element: Int) -> Int? {
        var current = element
        var steps = 0
        while current >= 0, steps < 6 {
            if model.elements[current].figure { return current }
            current = model.elements[current].parent
            steps += 1
        }
        return nil
    }

    static func comparable(_ text: String) -> String {
        Whitespace.collapse(text).lowercased()
    }
}
