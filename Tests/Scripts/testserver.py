#!/usr/bin/env python3
"""A loopback HTTP server for NewsIngest's tests, benchmarks and demo.

Serves a directory (with Last-Modified / If-Modified-Since, so a second run gets 304s) and, under
/__test/, endpoints that misbehave on request. Binds 127.0.0.1 only; prints "PORT <n>" on stdout
once it listens, then serves until killed.

    python3 Tests/Scripts/testserver.py --root samples/site [--port 0]

/__test/ endpoints:
  status/<code>          answers with that status
  redirect/<n>           redirects n times, then serves a small article
  redirect-loop          redirects to itself forever
  redirect-to?url=U      302 to U
  slow?bytes=N&delay=S   trickles N bytes, one every S seconds
  big?bytes=N            an N-byte HTML body
  gzip-bomb?mb=N         N MiB of zeros, gzip-compressed (a few KiB on the wire)
  gzip-article           a small article, gzip-encoded
  charset?declared=X     a Latin-1 article declared as X in the HTTP header
  flaky                  alternates 500 and 200
  retry-after?seconds=S&times=N   429 with Retry-After: S for the first N requests, then an article
  count                  how many requests each path received (JSON; "host/path" for named hosts)
  hold?ms=N              answers after N ms; stats gives the most requests held at once per host
  stats                  {"max_in_flight": {host: n}}
  log                    every request so far: [[seconds since start, host, path, user agent], ...]
  whoami                 {"host": Host header, "proxied": whether it came as a forward-proxy request}
  typed?type=T&bytes=N   an N-byte body of content type T
  section                a section front page declaring itself a schema.org CollectionPage
  bomb-feed              an RSS feed with a billion-laughs entity bomb
  xxe-feed               an RSS feed whose entity reads /etc/hostname

Named hosts (any name under .localhost resolves to 127.0.0.1 in libcurl) answer /robots.txt:
  robots-private.*       User-agent: * / Disallow: /private/ / Crawl-delay: 0.4
  robots-ours.*          a group for NewsIngest disallowing /, and one for * allowing all
  robots-5xx.*           503
  robots-big.*           600 KiB of comments, then a Disallow: / the parser must never read
  any other host         404 (everything allowed)

A request in absolute form ("GET http://host/path") is answered as a forward proxy would, by
serving the path here: the proxy tests need no second server.
"""
import argparse
import gzip
import http.server
import io
import json
import os
import socketserver
import sys
import threading
import time
import urllib.parse

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test article</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Test article</h1>
<p>This is the first paragraph of a small test article, long enough to count as prose for the cleaner.</p>
<p>A second paragraph follows, with a few more words, some commas, and a full stop at the end.</p>
</article><footer>Copyright 2026</footer></body></html>"""

COUNTS = {}
COUNTS_LOCK = threading.Lock()
LOG = []
IN_FLIGHT = {}
MAX_IN_FLIGHT = {}
START = time.monotonic()

ROBOTS = {
    "robots-private": "# test\nUser-agent: *\nDisallow: /private/\nCrawl-delay: 0.4\n",
    "robots-ours": "User-agent: NewsIngest\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
    "robots-big": "#" + "x" * (600 * 1024) + "\nUser-agent: *\nDisallow: /\n",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    server_version = "NewsIngestTestServer/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: tests read stdout
        pass

    proxied = False

    def host(self):
        return (self.headers.get("Host") or "").split(":")[0].lower()

    def count(self):
        host = self.host()
        key = self.path if host in ("127.0.0.1", "localhost", "") else host + self.path
        with COUNTS_LOCK:
            COUNTS[key] = COUNTS.get(key, 0) + 1
            LOG.append([round(time.monotonic() - START, 4), host, self.path, self.headers.get("User-Agent") or ""])

    def send_body(self, body, status=200, content_type="text/html; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.proxied:
            self.send_header("Via", "1.1 newsingest-test-proxy")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("http://") or self.path.startswith("https://"):
            target = urllib.parse.urlparse(self.path)
            self.proxied = True
            self.path = target.path + ("?" + target.query if target.query else "")
            del self.headers["Host"]
            self.headers["Host"] = target.netloc
        self.count()
        parsed = urllib.parse.urlparse(self.path)
        host = self.host()
        if parsed.path == "/robots.txt" and host.startswith("robots-"):
            scenario = host.split(".")[0]
            if scenario == "robots-5xx":
                return self.send_body(b"unavailable", status=503, content_type="text/plain")
            if scenario in ROBOTS:
                return self.send_body(ROBOTS[scenario].encode(), content_type="text/plain")
        if not parsed.path.startswith("/__test/"):
            return super().do_GET()
        query = dict(urllib.parse.parse_qsl(parsed.query))
        parts = parsed.path[len("/__test/"):].split("/")
        name = parts[0]
        if name == "status":
            code = int(parts[1])
            return self.send_body(f"status {code}".encode(), status=code, content_type="text/plain")
        if name == "redirect":
            n = int(parts[1])
            if n <= 0:
                return self.send_body(ARTICLE.encode())
            return self.send_body(b"", status=302, headers={"Location": f"/__test/redirect/{n - 1}"})
        if name == "redirect-loop":
            return self.send_body(b"", status=302, headers={"Location": "/__test/redirect-loop"})
        if name == "redirect-to":
            return self.send_body(b"", status=302, headers={"Location": query["url"]})
        if name == "slow":
            total, delay = int(query.get("bytes", "100")), float(query.get("delay", "1"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            try:
                for _ in range(total):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(delay)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if name == "big":
            size = int(query.get("bytes", "1000000"))
            body = (b"<html><body><p>" + b"a" * max(0, size - 30) + b"</p></body></html>")[:size]
            return self.send_body(body)
        if name == "gzip-bomb":
            raw = io.BytesIO()
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as gz:
                chunk = b"\0" * (1 << 20)
                for _ in range(int(query.get("mb", "64"))):
                    gz.write(chunk)
            return self.send_body(raw.getvalue(), headers={"Content-Encoding": "gzip"})
        if name == "gzip-article":
            return self.send_body(gzip.compress(ARTICLE.encode()), headers={"Content-Encoding": "gzip"})
        if name == "charset":
            body = ARTICLE.replace("test article", "café crème article").replace('<meta charset="utf-8">', "").encode("latin-1")
            return self.send_body(body, content_type=f"text/html; charset={query.get('declared', 'iso-8859-1')}")
        if name == "flaky":
            with COUNTS_LOCK:
                n = COUNTS[self.path]
            if n % 2 == 1:
                return self.send_body(b"try again", status=500, content_type="text/plain")
            return self.send_body(ARTICLE.encode())
        if name == "retry-after":
            with COUNTS_LOCK:
                n = COUNTS[self.path]
            if n <= int(query.get("times", "1")):
                return self.send_body(b"slow down", status=429, content_type="text/plain",
                                      headers={"Retry-After": query.get("seconds", "1")})
            return self.send_body(ARTICLE.encode())
        if name == "hold":
            with COUNTS_LOCK:
                IN_FLIGHT[host] = IN_FLIGHT.get(host, 0) + 1
                MAX_IN_FLIGHT[host] = max(MAX_IN_FLIGHT.get(host, 0), IN_FLIGHT[host])
            time.sleep(int(query.get("ms", "200")) / 1000)
            with COUNTS_LOCK:
                IN_FLIGHT[host] -= 1
            return self.send_body(ARTICLE.encode())
        if name == "stats":
            with COUNTS_LOCK:
                body = json.dumps({"max_in_flight": MAX_IN_FLIGHT}).encode()
            return self.send_body(body, content_type="application/json")
        if name == "log":
            with COUNTS_LOCK:
                body = json.dumps(LOG).encode()
            return self.send_body(body, content_type="application/json")
        if name == "whoami":
            body = json.dumps({"host": self.headers.get("Host"), "proxied": self.proxied}).encode()
            return self.send_body(body, content_type="application/json")
        if name == "section":
            teasers = "".join(
                f'<li><a href="/en/story-{i}.html"><h2>Story {i}: what the council decided about the harbour</h2></a>'
                f'<p>The council met on Tuesday evening and argued for hours about the harbour plan, item {i}.</p></li>'
                for i in range(12))
            body = ('<html><head><title>Politics - Example News</title><script type="application/ld+json">'
                    '{"@context": "https://schema.org", "@type": "CollectionPage", "name": "Politics"}</script></head>'
                    f'<body><h1>Politics</h1><ul>{teasers}</ul></body></html>')
            return self.send_body(body.encode())
        if name == "typed":
            size = int(query.get("bytes", "1000"))
            return self.send_body(b"%PDF" + b"x" * max(0, size - 4), content_type=query.get("type", "application/pdf"))
        if name == "bomb-feed":
            xml = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            for i in range(1, 10):
                prev = "lol" if i == 1 else f"lol{i - 1}"
                xml += f'<!ENTITY lol{i} "' + f"&{prev};" * 10 + '">'
            xml += ']><rss version="2.0"><channel><item><title>&lol9;</title><link>/en/rail-line-reopens.html</link></item></channel></rss>'
            return self.send_body(xml.encode(), content_type="application/rss+xml")
        if name == "xxe-feed":
            xml = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
                   '<rss version="2.0"><channel><item><title>&xxe;</title><link>/en/rail-line-reopens.html</link></item></channel></rss>')
            return self.send_body(xml.encode(), content_type="application/rss+xml")
        if name == "count":
            with COUNTS_LOCK:
                body = json.dumps(COUNTS).encode()
            return self.send_body(body, content_type="application/json")
        return self.send_body(b"no such test endpoint", status=404, content_type="text/plain")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # http.server's default backlog of 5 refuses connections under concurrent fetches.
    request_queue_size = 256


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.chdir(args.root)
    server = Server(("127.0.0.1", args.port), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
