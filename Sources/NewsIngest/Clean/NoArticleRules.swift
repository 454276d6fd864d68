/// Pages that parse and hold prose but no article: a consent wall standing in front of the site,
/// a "page not found" served with status 200. Their text would pass for a short article, so
/// they are told by what it says, in the languages we read, and only when the text is short
/// (an article about cookie law or a missing person is long and says other things too).
enum NoArticleRules {
    static let errorPageReason = "error_page"
    static let consentWallReason = "consent_wall"

    /// The page's title or headline says the page is missing, and under 140 words or so follow.
    static func isErrorPage(title: String?, headings: [String], bodyWeight: Int) -> Bool {
        guard bodyWeight < 800 else { return false }
        for line in [title].compactMap({ $0 }) + headings {
            let lower = Whitespace.collapse(line).lowercased()
            if lower == "404" || lower.hasPrefix("404 ") || lower.hasPrefix("404:") || lower.hasSuffix(" 404") { return true }
            if errorPhrases.occurs(in: lower) { return true }
        }
        return false
    }

    /// Most of a short text (half its weight or more, over at least two paragraphs unless there
    /// is only one) asks for consent to cookies and tracking. The look stops as soon as more
    /// than half the text has said something else.
    static func isConsentWall(paragraphs: [Paragraph], bodyWeight: Int) -> Bool {
        guard bodyWeight < 2500, !paragraphs.isEmpty else { return false }
        var consentWeight = 0
        var otherWeight = 0
        var consentParagraphs = 0
        for paragraph in paragraphs {
            let weight = TextWeight.of(paragraph.text).weight
            if consentPhrases.occurs(in: paragraph.text.lowercased()) {
                consentWeight += weight
                consentParagraphs += 1
            } else {
                otherWeight += weight
                if otherWeight * 2 > bodyWeight { return false }
            }
        }
        return consentWeight * 2 >= bodyWeight && consentParagraphs >= min(2, paragraphs.count)
    }

    private static let errorPhrases = PhraseSet([
        "page not found", "page cannot be found", "page could not be found", "can't find that page", "can't find the page",
        "cannot find the page", "couldn't find that page", "couldn't find the page", "can’t find that page",
        "can’t find the page", "page does not exist", "page doesn't exist", "page no longer exists", "error 404",
        "404 error", "404 not found", "404 - ", "404 | ", "seite nicht gefunden", "seite wurde nicht gefunden", "fehler 404",
        "page introuvable", "page non trouvée", "erreur 404", "página no encontrada", "página não encontrada",
        "pagina non trovata", "pagina niet gevonden", "siden finnes ikke", "fant ikke siden", "sidan hittades inte",
        "siden blev ikke fundet", "siden findes ikke", "nie znaleziono strony", "strona nie została znaleziona",
        "stránka nenalezena", "stránka nebyla nalezena", "sayfa bulunamadı", "halaman tidak ditemukan",
        "không tìm thấy trang", "страница не найдена", "页面不存在", "页面未找到", "找不到页面", "找不到該頁面",
        "ページが見つかりません", "お探しのページは見つかりません", "페이지를 찾을 수 없", "الصفحة غير موجودة",
    ])

    /// What consent dialogs say, first person and buttons: not words an article about cookies
    /// uses paragraph after paragraph.
    private static let consentPhrases = PhraseSet([
        "we use cookies", "this site uses cookies", "this website uses cookies", "we and our partners", "our partners use",
        "accept all", "reject all", "accept cookies", "manage preferences", "manage cookies", "manage your privacy",
        "privacy settings", "cookie settings", "cookie policy", "your consent", "legitimate interest", "personalised ads",
        "personalized ads", "personalised content", "personalized content",
        "wir verwenden cookies", "wir und unsere partner", "alle akzeptieren", "ihre zustimmung", "ihre einwilligung",
        "datenschutz-einstellungen", "datenschutzeinstellungen", "cookie-einstellungen", "berechtigtes interesse",
        "nous utilisons des cookies", "nos partenaires", "tout accepter", "tout refuser", "votre consentement",
        "utilizamos cookies", "nuestros socios", "aceptar todo", "aceptar todas", "rechazar todo", "su consentimiento",
        "tu consentimiento", "utilizziamo i cookie", "i nostri partner", "accetta tutto", "rifiuta tutto", "il tuo consenso",
        "usamos cookies", "aceitar todos", "o seu consentimento", "wij gebruiken cookies", "alles accepteren",
        "vi bruker informasjonskapsler", "godta alle", "vi använder cookies", "acceptera alla", "vi bruger cookies",
        "accepter alle", "używamy plików cookie", "zaakceptuj wszystkie", "používáme cookies", "přijmout vše",
        "çerez kullanıyoruz", "tümünü kabul et", "kami menggunakan cookie", "terima semua", "chúng tôi sử dụng cookie",
        "мы используем файлы cookie", "принять все", "すべて同意", "クッキーを使用", "모두 동의", "쿠키를 사용",
        "我们使用cookie", "我们使用 cookie",
    ])
}
