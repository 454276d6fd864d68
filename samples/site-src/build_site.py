#!/usr/bin/env python3
"""Renders the offline demo site (samples/site/) from articles.json.

The article texts in articles.json were written for this project. Three of them ("wire":
"ternate") carry the same agency story with each site's own lead and footer, as syndicated
copy does. This script wraps them in
the furniture real news sites have (navigation, breadcrumbs, share buttons, comment counters,
"read also" boxes, newsletter and cookie banners, photo captions with credits, footers) in two
different page layouts, and writes RSS 2.0 and Atom feeds that link every article.

    python3 samples/site-src/build_site.py        # rewrites samples/site/
"""
import html
import gzip
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE.parent / "site"

UI = {
    "en": {"home": "Home", "nav": ["World", "City", "Transport", "Sport", "Culture"], "share": ["Share", "Facebook", "X", "Email"],
           "comments": "Comments (12)", "related": "Read more", "newsletter": "Get the morning briefing in your inbox every day.",
           "subscribe": "Subscribe", "cookie": "We use cookies to improve your experience. Accept all cookies?", "photo": "Photo",
           "by": "By", "footer": "© 2026 The Harbour Ledger. All rights reserved.", "about": "About us", "contact": "Contact"},
    "es": {"home": "Portada", "nav": ["España", "Movilidad", "Economía", "Deportes"], "share": ["Compartir", "Facebook", "X", "WhatsApp"],
           "comments": "Comentarios (4)", "related": "Leer más", "newsletter": "Recibe cada mañana las noticias más importantes.",
           "subscribe": "Suscríbete", "cookie": "Utilizamos cookies propias y de terceros. ¿Aceptas?", "photo": "Foto",
           "by": "Por", "footer": "© 2026 Diario del Puerto. Todos los derechos reservados.", "about": "Quiénes somos", "contact": "Contacto"},
    "ru": {"home": "Главная", "nav": ["Город", "Образование", "Экономика", "Спорт"], "share": ["Поделиться", "ВКонтакте", "Telegram"],
           "comments": "Комментарии (7)", "related": "Читайте также", "newsletter": "Подпишитесь на утреннюю рассылку новостей.",
           "subscribe": "Подписаться", "cookie": "Мы используем файлы cookie. Продолжая, вы соглашаетесь.", "photo": "Фото",
           "by": "Автор:", "footer": "© 2026 Городские вести. Все права защищены.", "about": "О редакции", "contact": "Контакты"},
    "ar": {"home": "الرئيسية", "nav": ["محليات", "ثقافة", "اقتصاد", "رياضة"], "share": ["مشاركة", "فيسبوك", "واتساب"],
           "comments": "تعليقات (3)", "related": "اقرأ أيضا", "newsletter": "اشترك في النشرة الإخبارية اليومية.",
           "subscribe": "اشترك", "cookie": "نستخدم ملفات تعريف الارتباط لتحسين تجربتك.", "photo": "صورة",
           "by": "بقلم", "footer": "© 2026 صحيفة الميناء. جميع الحقوق محفوظة.", "about": "من نحن", "contact": "اتصل بنا"},
    "vi": {"home": "Trang chủ", "nav": ["Thời sự", "Đô thị", "Kinh tế", "Thể thao"], "share": ["Chia sẻ", "Facebook", "Zalo"],
           "comments": "Bình luận (5)", "related": "Xem thêm", "newsletter": "Đăng ký nhận bản tin buổi sáng.",
           "subscribe": "Đăng ký", "cookie": "Trang web sử dụng cookie. Bạn đồng ý chứ?", "photo": "Ảnh",
           "by": "Tác giả:", "footer": "© 2026 Báo Bến Cảng. Giữ bản quyền.", "about": "Giới thiệu", "contact": "Liên hệ"},
    "id": {"home": "Beranda", "nav": ["Nasional", "Nusantara", "Ekonomi", "Gaya Hidup"], "share": ["Bagikan", "Facebook", "WhatsApp"],
           "comments": "Komentar (0)", "related": "Baca juga", "newsletter": "Dapatkan berita pilihan setiap pagi.",
           "subscribe": "Langganan", "cookie": "Situs ini menggunakan cookie. Setuju?", "photo": "Foto",
           "by": "Penulis:", "footer": "© 2026 Harian Pelabuhan. Hak cipta dilindungi.", "about": "Tentang kami", "contact": "Kontak"},
    "zh": {"home": "首页", "nav": ["社会", "教育", "财经", "体育"], "share": ["分享", "微信", "微博"],
           "comments": "评论 (8)", "related": "相关新闻", "newsletter": "订阅每日早报。",
           "subscribe": "订阅", "cookie": "本网站使用Cookie以改善体验。", "photo": "摄影",
           "by": "记者", "footer": "© 2026 港湾日报 版权所有", "about": "关于我们", "contact": "联系我们"},
    "ja": {"home": "トップ", "nav": ["社会", "地域", "経済", "スポーツ"], "share": ["シェア", "X", "LINE"],
           "comments": "コメント (2)", "related": "関連記事", "newsletter": "毎朝のニュースレターを受け取る。",
           "subscribe": "登録", "cookie": "当サイトはクッキーを使用しています。", "photo": "写真",
           "by": "記者", "footer": "© 2026 港新聞 無断転載を禁じます。", "about": "会社概要", "contact": "お問い合わせ"},
}

LAYOUT_A = {"en", "es", "ru", "ar"}  # semantic HTML5 layout; the others use a div-based CMS layout


def esc(text):
    return html.escape(text, quote=True)


def visible_date(iso):
    day, time = iso[:10], iso[11:16]
    y, m, d = day.split("-")
    return f"{d}/{m}/{y} {time} GMT{iso[19:22]}"


def related_links(article, articles):
    others = [a for a in articles if a["slug"] != article["slug"]]
    same = [a for a in others if a["lang"] == article["lang"]]
    picks = (same + others)[:3]
    return [(f"/{a['slug']}.html", a["title"]) for a in picks]


def figure_html(article, ui):
    fig = article.get("figure")
    if not fig:
        return ""
    return (f'<figure class="article-image"><img src="{esc(fig["src"])}" alt="{esc(fig["caption"])}" width="800" height="450">'
            f'<figcaption>{esc(fig["caption"])} <span class="credit">({ui["photo"]}: {esc(fig["credit"])})</span></figcaption></figure>')


def head(article, ui):
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article["title"],
          "datePublished": article["published"], "author": [{"@type": "Person", "name": article["author"]}],
          "inLanguage": article["lang"], "publisher": {"@type": "Organization", "name": ui["footer"].split(". ")[0][7:]}}
    if article.get("modified"):
        ld["dateModified"] = article["modified"]
    modified = f'<meta property="article:modified_time" content="{article["modified"]}">' if article.get("modified") else ""
    return f"""<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(article['title'])} | {esc(ui['footer'].split('. ')[0][7:])}</title>
<meta name="description" content="{esc(article['lead'])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(article['title'])}">
<meta property="og:url" content="/{article['slug']}.html">
<meta property="og:image" content="{esc(article.get('figure', {}).get('src', '/img/logo.png'))}">
<meta property="article:published_time" content="{article['published']}">
{modified}
<meta name="author" content="{esc(article['author'])}">
<link rel="canonical" href="/{article['slug']}.html">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
<link rel="stylesheet" href="/static/site.css">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "{esc(article['section'])}"}});</script>
</head>"""


def page_layout_a(article, ui, related):
    nav = "".join(f'<li><a href="/#{esc(n)}">{esc(n)}</a></li>' for n in ui["nav"])
    share = "".join(f'<a class="share-{i}" href="#share">{esc(s)}</a>' for i, s in enumerate(ui["share"]))
    rel = "".join(f'<li><a href="{href}">{esc(t)}</a></li>' for href, t in related)
    first, rest = article["paragraphs"][0], article["paragraphs"][1:]
    body = f"<p>{esc(first)}</p>\n{figure_html(article, ui)}\n" + "\n".join(f"<p>{esc(p)}</p>" for p in rest)
    return f"""<!DOCTYPE html>
<html lang="{article['lang']}" dir="{article['dir']}">
{head(article, ui)}
<body>
<div id="cookie-consent" class="cookie-banner"><p>{esc(ui['cookie'])}</p><button>OK</button></div>
<header class="site-header">
  <a class="logo" href="/">{esc(ui['footer'].split('. ')[0][7:])}</a>
  <nav class="main-nav"><ul><li><a href="/">{esc(ui['home'])}</a></li>{nav}</ul></nav>
</header>
<main>
<article class="story">
  <ol class="breadcrumb"><li><a href="/">{esc(ui['home'])}</a></li><li><a href="/#{esc(article['section'])}">{esc(article['section'])}</a></li></ol>
  <h1 class="story-title">{esc(article['title'])}</h1>
  <p class="byline">{esc(ui['by'])} <a rel="author" href="/authors/{esc(article['author'])}">{esc(article['author'])}</a> · <time datetime="{article['published']}">{visible_date(article['published'])}</time></p>
  <div class="share-bar">{share}</div>
  <div class="story-body">
    <p class="standfirst"><strong>{esc(article['lead'])}</strong></p>
    {body}
  </div>
  <div class="story-tags"><a href="/tag/1">{esc(article['section'])}</a></div>
  <div class="comments-count"><a href="#comments">{esc(ui['comments'])}</a></div>
</article>
<aside class="related">
  <h2>{esc(ui['related'])}</h2>
  <ul>{rel}</ul>
</aside>
<div class="newsletter-signup"><p>{esc(ui['newsletter'])}</p><form><input type="email"><button>{esc(ui['subscribe'])}</button></form></div>
</main>
<footer class="site-footer"><p>{esc(ui['footer'])}</p><a href="/about">{esc(ui['about'])}</a> · <a href="/contact">{esc(ui['contact'])}</a></footer>
</body>
</html>
"""


def page_layout_b(article, ui, related):
    nav = " | ".join(f'<a href="/#{esc(n)}">{esc(n)}</a>' for n in ui["nav"])
    share = "".join(f'<span class="btn-social">{esc(s)}</span>' for s in ui["share"])
    rel = "".join(f'<div class="item"><a href="{href}">{esc(t)}</a></div>' for href, t in related)
    ps = article["paragraphs"]
    middle = len(ps) // 2
    inline_teaser = f'<p class="baca-juga"><strong>{esc(ui["related"])}:</strong> <a href="{related[0][0]}">{esc(related[0][1])}</a></p>'
    body_parts = [f"<p>{esc(p)}</p>" for p in ps[:middle]] + [figure_html(article, ui), inline_teaser] + [f"<p>{esc(p)}</p>" for p in ps[middle:]]
    body = "\n".join(part for part in body_parts if part)
    return f"""<!DOCTYPE html>
<html lang="{article['lang']}">
{head(article, ui)}
<body>
<div id="top-bar"><div class="wrap">{nav}</div></div>
<div id="menu" class="menu-mobile"><a href="/">{esc(ui['home'])}</a> {nav}</div>
<div id="wrapper">
 <div id="main-content" class="col-left">
  <div class="detail-header">
   <div class="cate"><a href="/#{esc(article['section'])}">{esc(article['section'])}</a></div>
   <h1 class="title-detail">{esc(article['title'])}</h1>
   <div class="date-time">{visible_date(article['published'])}</div>
  </div>
  <div class="social-top">{share}</div>
  <div class="sapo">{esc(article['lead'])}</div>
  <div class="detail-content">
{body}
   <p class="author-name"><strong>{esc(article['author'])}</strong></p>
  </div>
  <div class="box-comment"><span>{esc(ui['comments'])}</span></div>
  <div class="box-tinlienquan"><div class="title-box">{esc(ui['related'])}</div>{rel}</div>
 </div>
 <div class="col-right sidebar">
  <div class="box-most-read"><div class="title-box">Top</div>{rel}</div>
  <div class="ads-300x250">Advertisement</div>
 </div>
</div>
<div id="footer"><div class="wrap">{esc(ui['footer'])} · <a href="/about">{esc(ui['about'])}</a></div></div>
</body>
</html>
"""


def amp_page(article):
    """The AMP twin of an article: a stripped page whose canonical link names the regular one."""
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in [article["lead"]] + article["paragraphs"])
    return f"""<!doctype html>
<html amp lang="{article['lang']}">
<head>
<meta charset="utf-8">
<title>{esc(article['title'])}</title>
<link rel="canonical" href="/{article['slug']}.html">
<meta name="viewport" content="width=device-width">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<style amp-custom>body {{ font-family: serif; }}</style>
</head>
<body>
<header class="amp-header"><a href="/">Harbour Ledger</a></header>
<article>
<h1>{esc(article['title'])}</h1>
<p class="byline">By {esc(article['author'])}</p>
{paragraphs}
</article>
<footer class="amp-footer">© 2026 The Harbour Ledger</footer>
</body>
</html>
"""


def rss(articles):
    items = "\n".join(f"""  <item>
    <title>{esc(a['title'])}</title>
    <link>/{a['slug']}.html</link>
    <guid isPermaLink="true">/{a['slug']}.html</guid>
    <pubDate>{rfc822(a['published'])}</pubDate>
    <description>{esc(a['lead'])}</description>
  </item>""" for a in articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Harbour Ledger — English, Spanish, Russian, Arabic, Indonesian and Chinese desks</title>
  <link>/</link>
  <description>Demo feed for NewsIngest</description>
{items}
</channel>
</rss>
"""


def atom(articles):
    entries = "\n".join(f"""  <entry>
    <title>{esc(a['title'])}</title>
    <link rel="alternate" type="text/html" href="/{a['slug']}.html"/>
    <id>tag:demo.newsingest.test,2026:{a['slug']}</id>
    <published>{a['published']}</published>
    <updated>{a.get('modified', a['published'])}</updated>
    <author><name>{esc(a['author'])}</name></author>
    <summary>{esc(a['lead'])}</summary>
  </entry>""" for a in articles)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Ledger — Asia desk</title>
  <id>tag:demo.newsingest.test,2026:asia</id>
  <updated>2026-11-22T10:00:00+07:00</updated>
  <link rel="self" href="/atom.xml"/>
{entries}
</feed>
"""


def json_feed(articles):
    items = [{"id": a["slug"], "url": f"/{a['slug']}.html", "title": a["title"], "summary": a["lead"],
              "date_published": a["published"], "date_modified": a.get("modified", a["published"]),
              "authors": [{"name": a["author"]}], "language": a["lang"]} for a in articles]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Ledger — all desks",
            "home_page_url": "/", "feed_url": "/feed.json", "items": items}
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def sitemap_index():
    return """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>/sitemaps/articles.xml.gz</loc><lastmod>2026-11-22</lastmod></sitemap>
  <sitemap><loc>/sitemaps/news.xml</loc><lastmod>2026-11-22T10:00:00+07:00</lastmod></sitemap>
</sitemapindex>
"""


def sitemap_urls(articles):
    urls = "\n".join(f"""  <url><loc>/{a['slug']}.html</loc><lastmod>{a.get('modified', a['published'])}</lastmod></url>"""
                     for a in articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>
"""


def news_sitemap(articles):
    urls = "\n".join(f"""  <url>
    <loc>/{a['slug']}.html</loc>
    <news:news>
      <news:publication><news:name>Harbour Ledger</news:name><news:language>{a['lang']}</news:language></news:publication>
      <news:publication_date>{a['published']}</news:publication_date>
      <news:title>{esc(a['title'])}</news:title>
    </news:news>
  </url>""" for a in articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>
"""


def rfc822(iso):
    from datetime import datetime
    return datetime.fromisoformat(iso).strftime("%a, %d %b %Y %H:%M:%S %z")


def main():
    articles = json.loads((HERE / "articles.json").read_text(encoding="utf-8"))
    for article in articles:
        ui = UI[article["lang"]]
        related = related_links(article, articles)
        render = page_layout_a if article["lang"] in LAYOUT_A else page_layout_b
        out = SITE / f"{article['slug']}.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        # The lead paragraph is part of the article body (as news sites print it).
        out.write_text(render(article, ui, related), encoding="utf-8")
    # One AMP twin, for the one-article-many-URLs tests.
    rail = next(a for a in articles if a["slug"] == "en/rail-line-reopens")
    (SITE / "en" / "rail-line-reopens.amp.html").write_text(amp_page(rail), encoding="utf-8")
    # The demo server's port is chosen at run time, so feed links are root-relative and are
    # resolved against the feed's URL.
    (SITE / "rss.xml").write_text(rss([a for a in articles if a["feed"] == "rss"]), encoding="utf-8")
    (SITE / "atom.xml").write_text(atom([a for a in articles if a["feed"] == "atom"]), encoding="utf-8")
    (SITE / "feed.json").write_text(json_feed(articles), encoding="utf-8")
    # Sitemaps: an index naming a gzip-compressed sitemap of every article and a Google News
    # sitemap of the newest (publication dates and titles), as large sites publish them.
    (SITE / "sitemap.xml").write_text(sitemap_index(), encoding="utf-8")
    (SITE / "sitemaps").mkdir(exist_ok=True)
    (SITE / "sitemaps" / "articles.xml.gz").write_bytes(gzip.compress(sitemap_urls(articles).encode("utf-8"), mtime=0))
    newest = sorted(articles, key=lambda a: a["published"], reverse=True)[:8]
    (SITE / "sitemaps" / "news.xml").write_text(news_sitemap(newest), encoding="utf-8")
    links = "\n".join(f'<li><a href="/{a["slug"]}.html">{esc(a["title"])}</a></li>' for a in articles)
    (SITE / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Ledger</title>
<link rel="alternate" type="application/rss+xml" href="/rss.xml"><link rel="alternate" type="application/atom+xml" href="/atom.xml">
<link rel="alternate" type="application/feed+json" href="/feed.json">
</head><body><h1>Harbour Ledger</h1><ul>
{links}
</ul></body></html>
""", encoding="utf-8")
    # The expected body of every article, for the tests: lead first, then the paragraphs.
    expected = {a["slug"]: {"lang": a["lang"], "title": a["title"], "author": a["author"], "published": a["published"],
                            "paragraphs": [a["lead"]] + list(dict.fromkeys(a["paragraphs"])),
                            "repeated": len(a["paragraphs"]) - len(set(a["paragraphs"])),
                            "figure": a.get("figure"), "wire": a.get("wire")} for a in articles}
    (HERE.parent / "expected").mkdir(exist_ok=True)
    (HERE.parent / "expected" / "demo-site.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
