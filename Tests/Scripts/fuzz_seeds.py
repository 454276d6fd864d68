#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (`make fuzz`), made from samples/ and Tests/Regressions.

    python3 Tests/Scripts/fuzz_seeds.py OUT

writes OUT/<target>/<n> for every target of FuzzTarget (Sources/NewsIngest/Support/
FuzzEntryPoints.swift). Inputs follow each target's framing: `html` may open with a
"content-type:" line, `url` is a URL then references, `robots` is robots.txt.
"""
import codecs
import gzip
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
REGRESSIONS = ROOT / "Tests" / "Regressions"


def write(out, target, data):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def warc_record(uri, body):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def main():
    out = Path(sys.argv[1])
    pages = sorted((SAMPLES / "site").rglob("*.html"))
    small = [p.read_bytes() for p in pages[:12]]
    for data in small:
        write(out, "html", data)
        write(out, "html", b"content-type: text/html; charset=windows-1252\n" + data)
        write(out, "charset", data)
        write(out, "gzip", gzip.compress(data))
    for data in small[:4]:
        text = data.decode("utf-8", "replace")
        for codec in ("utf-16", "shift_jis", "gb18030", "cp1251"):
            try:
                write(out, "charset", text.encode(codec, "replace"))
            except LookupError:
                pass
    for path in sorted((SAMPLES / "site").rglob("*")):
        if path.suffix in (".xml", ".json") or path.name.endswith(".xml.gz"):
            write(out, "feed", path.read_bytes())
    write(out, "feed", (SAMPLES / "site" / "index.html").read_bytes())
    urls = set()
    for data in small:
        urls.update(re.findall(rb'(?:href|src|content)="([^"]{1,200})"', data))
    refs = sorted(urls)
    for i in range(0, len(refs), 8):
        write(out, "url", b"\n".join([b"https://news.example.com:443/a/b/c.html?utm_source=x&b=2&a=1#f"] + refs[i:i + 8]))
    write(out, "url", "https://Bücher.example/ä/../b?x\n//other.example/p\n#frag\n?q=1\n".encode())
    write(out, "warc", b"".join(warc_record(f"https://news.example.com/{i}.html", d) for i, d in enumerate(small[:3])))
    write(out, "warc", gzip.compress(warc_record("https://news.example.com/x.html", small[0])))
    write(out, "robots", b"User-agent: *\nDisallow: /private/\nAllow: /private/ok$\nCrawl-delay: 2\n"
                          b"Sitemap: https://news.example.com/sitemap.xml\n\nUser-agent: NewsIngest\nDisallow: /*.pdf$\n/private/x\n")
    write(out, "text", (SAMPLES / "article-id-hanoi-convention.txt").read_bytes())
    for path in sorted((ROOT / "config").glob("*.toml")) + [SAMPLES / "demo.toml.in"]:
        write(out, "toml", path.read_bytes())
    for folder in sorted(REGRESSIONS.glob("*")):
        for path in sorted(folder.glob("*")):
            write(out, folder.name, path.read_bytes())


if __name__ == "__main__":
    main()
