#!/usr/bin/env python3
"""End-to-end throughput: fetch + clean + dedupe + normalize + spool against a local nginx.

    python3 Tests/Scripts/e2e_bench.py --devset ../shared/corpus/devset --binary .build/release/newsingest \
        --out bench-out/e2e --sizes 2000,20000

For each size N, the dev-set pages are served by nginx (Debian's package, started here on
127.0.0.1) from ceil(N / pages) virtual hosts, site<k>.localhost (libcurl resolves every
*.localhost name to 127.0.0.1), each host holding every dev-set page once. Then, in the same
run and on the same N pages:

  * end to end: `newsingest backfill --urls` over the N URLs into a fresh spool and state
    (robots.txt asked once per host, politeness delay 0 because the server is ours);
  * extract only: `newsingest extract --input-dir` over the same N files;
  * end to end on a PostgreSQL state (`state_url`; Debian's server, started here in a temporary
    directory on 127.0.0.1, a fresh database per round): the same backfill, with the server's
    CPU time (its backends', reaped by the postmaster) as the state's share of the work.

Both use every core. The two alternate for a few rounds (one for the largest size) and the
best of each is printed, because a shared virtual machine's speed drifts from minute to
minute. Printed per size: pages/s, CPU milliseconds per page (user + system of the process),
peak RSS, and the ratio end-to-end / extract-only; then the PostgreSQL state's pages/s, CPU
milliseconds per page of newsingest and of the server, and its throughput over SQLite's.
"""
import argparse
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{ text/html html; }}
    default_type application/octet-stream;
    client_body_temp_path {root}/tmp;
    proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp;
    scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        server_name ~^(?<site>site[0-9]+)\\.localhost$;
        root {root}/www/$site;
    }}
}}
"""


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measured(argv):
    """Runs a command; returns (seconds, cpu seconds, peak RSS MiB, return code, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, out


class PostgreSQL:
    """A throwaway server: initdb into `root`, pg_ctl start on 127.0.0.1 (as the postgres user
    when we are root: initdb refuses root). Default durability settings."""

    def __init__(self, root):
        versions = sorted((int(v) for v in os.listdir("/usr/lib/postgresql") if v.isdigit()), reverse=True) \
            if os.path.isdir("/usr/lib/postgresql") else []
        if not versions:
            raise RuntimeError("PostgreSQL's server is not installed (make deps installs it)")
        self.bin = f"/usr/lib/postgresql/{versions[0]}/bin"
        self.root = root
        self.port = free_port()
        root.mkdir(parents=True)
        os.chmod(root, 0o700)
        self.as_user = []
        if os.getuid() == 0:
            import pwd
            user = pwd.getpwnam("postgres")
            os.chown(root, user.pw_uid, user.pw_gid)
            self.as_user = ["/usr/sbin/runuser", "-u", "postgres", "--"]
        self.run("initdb", "-D", str(root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {root}"
        self.run("pg_ctl", "-D", str(root / "data"), "-l", str(root / "server.log"), "-w", "-o", options, "start")
        self.pid = int((root / "data" / "postmaster.pid").read_text().split()[0])
        self.databases = 0

    def run(self, program, *args):
        subprocess.run(self.as_user + [f"{self.bin}/{program}", *args], check=True, cwd=self.root,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def new_database(self):
        self.databases += 1
        name = f"bench{self.databases}"
        subprocess.run([f"{self.bin}/psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "-c", f"CREATE DATABASE {name}"], check=True, stdout=subprocess.DEVNULL)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def table_sizes(self, url):
        """Bytes per table (with its indexes) of the state in the database at `url`."""
        out = subprocess.run([f"{self.bin}/psql", "-X", "-q", "-A", "-t", "-F", " ", "-d", url, "-c",
                              "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = 'newsingest_state' AND c.relkind = 'r' ORDER BY 2 DESC"],
                             check=True, capture_output=True, text=True).stdout
        return [(name, int(size)) for name, size in (line.split() for line in out.splitlines() if line.strip())]

    def settle(self, url):
        """Waits until the backends of the database at `url` have exited and been reaped (their
        CPU time reaches the postmaster's children's only then)."""
        name = url.rsplit("/", 1)[1]
        for _ in range(100):
            out = subprocess.run([f"{self.bin}/psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(self.port),
                                  "-U", "postgres", "-c",
                                  f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'"],
                                 check=True, capture_output=True, text=True).stdout.strip()
            if out == "0":
                break
            time.sleep(0.05)
        time.sleep(0.3)

    def cpu_seconds(self):
        """The server's CPU so far: the postmaster's own and its reaped children's (backends)."""
        fields = (Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1]).split()
        ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self):
        try:
            self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")
        except subprocess.CalledProcessError:
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", required=True, type=Path)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds per size (the largest size gets one)")
    ap.add_argument("--no-postgresql", action="store_true", help="leave out the run on a PostgreSQL state")
    args = ap.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        sys.exit("nginx is not installed (make bench installs Debian's nginx package)")
    binary = str(Path(args.binary).resolve())
    pages = sorted((p / "page.html").resolve() for p in (args.devset / "pages").iterdir() if (p / "page.html").is_file())
    root = args.out.resolve()
    if root.exists():
        shutil.rmtree(root)
    (root / "tmp").mkdir(parents=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    hosts_needed = max(math.ceil(n / len(pages)) for n in sizes)
    for h in range(hosts_needed):
        site = root / "www" / f"site{h}"
        site.mkdir(parents=True)
        for i, page in enumerate(pages):
            (site / f"p{i}.html").symlink_to(page)
    port = free_port()
    (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=port))
    server = subprocess.Popen([nginx, "-c", str(root / "nginx.conf"), "-p", str(root)], stderr=subprocess.DEVNULL)
    postgres = None if args.no_postgresql else PostgreSQL(root / "postgresql")
    pg_rows = []
    try:
        time.sleep(0.5)
        if server.poll() is not None:
            sys.exit("nginx did not start: " + (root / "nginx-error.log").read_text())
        print(f"end to end against nginx on 127.0.0.1:{port}, {len(pages)} dev-set pages per virtual host, all cores")
        print(f"{'pages':>6} {'hosts':>5} | {'e2e pages/s':>11} {'CPU ms/page':>11} {'peak RSS':>9} | "
              f"{'extract pages/s':>15} {'CPU ms/page':>11} {'peak RSS':>9} | ratio")
        for n in sizes:
            hosts = math.ceil(n / len(pages))
            # Page-major order, so consecutive URLs go to different hosts (as a real backfill
            # of many sites interleaves them).
            urls, files = [], []
            for i in range(len(pages)):
                for h in range(hosts):
                    if len(urls) < n:
                        urls.append(f"http://site{h}.localhost:{port}/p{i}.html")
                        files.append((h, i))
            work = root / f"run-{n}"
            flat = work / "flat"
            flat.mkdir(parents=True)
            for h, i in files:
                (flat / f"site{h}-p{i}.html").symlink_to(pages[i])
            (work / "urls.txt").write_text("\n".join(urls) + "\n")
            (work / "newsingest.toml").write_text(f"""
[run]
spool_dir = "spool"
state_dir = "state"

[fetch]
allow_addresses = ["127.0.0.1"]
concurrency = 32
per_host_concurrency = 4
per_host_delay_seconds = 0
max_retries = 0
""")
            rounds = 1 if n == max(sizes) and len(sizes) > 1 else args.rounds
            best_e2e = best_extract = best_pg = None
            summary = ""
            for r in range(rounds):
                for d in ("spool", "state", "extract-out"):
                    shutil.rmtree(work / d, ignore_errors=True)
                e2e = measured([binary, "backfill", "--urls", str(work / "urls.txt"), "--config", str(work / "newsingest.toml"),
                                "--progress-interval", "3600"])
                if e2e[3] not in (0, 1):
                    sys.exit(f"backfill failed with {e2e[3]}: {e2e[4]}")
                summary = e2e[4].strip().splitlines()[-1] if e2e[4].strip() else ""
                extract = measured([binary, "extract", "--input-dir", str(flat), "--output-dir", str(work / "extract-out")])
                if extract[3] not in (0, 1):
                    sys.exit(f"extract failed with {extract[3]}")
                if postgres:
                    shutil.rmtree(work / "spool", ignore_errors=True)
                    shutil.rmtree(work / "state", ignore_errors=True)
                    state_url = postgres.new_database()
                    (work / "newsingest-pg.toml").write_text(
                        (work / "newsingest.toml").read_text().replace(
                            'state_dir = "state"', f'state_dir = "state"\nstate_url = "{state_url}"'))
                    before = postgres.cpu_seconds()
                    pg = measured([binary, "backfill", "--urls", str(work / "urls.txt"), "--config",
                                   str(work / "newsingest-pg.toml"), "--progress-interval", "3600"])
                    if pg[3] not in (0, 1):
                        sys.exit(f"backfill on PostgreSQL failed with {pg[3]}: {pg[4]}")
                    postgres.settle(state_url)
                    pg = pg + (postgres.cpu_seconds() - before, postgres.table_sizes(state_url))
                    if best_pg is None or pg[0] < best_pg[0]:
                        best_pg = pg
                if best_e2e is None or e2e[0] < best_e2e[0]:
                    best_e2e = e2e
                if best_extract is None or extract[0] < best_extract[0]:
                    best_extract = extract
            e2e, extract = best_e2e, best_extract
            e2e_rate, ex_rate = n / e2e[0], n / extract[0]
            print(f"{n:>6} {hosts:>5} | {e2e_rate:>11.1f} {e2e[1] / n * 1000:>11.2f} {e2e[2]:>7.0f}MB | "
                  f"{ex_rate:>15.1f} {extract[1] / n * 1000:>11.2f} {extract[2]:>7.0f}MB | {e2e_rate / ex_rate:.2f}"
                  f"   (best of {rounds})")
            print(f"         backfill: {summary}")
            if best_pg:
                pg_rows.append((n, best_pg, e2e_rate, rounds))
            shutil.rmtree(work / "extract-out", ignore_errors=True)
        if pg_rows:
            print("\nthe same backfill on a PostgreSQL state (state_url), same run: the server's CPU is the state's share")
            print(f"{'pages':>6} | {'pages/s':>8} {'CPU ms/page':>11} {'server ms/page':>14} {'state share':>11} | "
                  f"{'vs SQLite state':>15}")
            for n, pg, sqlite_rate, rounds in pg_rows:
                rate = n / pg[0]
                client, server_cpu = pg[1] / n * 1000, pg[5] / n * 1000
                print(f"{n:>6} | {rate:>8.1f} {client:>11.2f} {server_cpu:>14.2f} "
                      f"{server_cpu / (client + server_cpu):>11.0%} | {rate / sqlite_rate:>15.2f}   (best of {rounds})")
                sizes_kb = ", ".join(f"{name} {size / 1024:.0f}" for name, size in pg[6][:6])
                total = sum(size for _, size in pg[6])
                print(f"         state: {total / 1048576:.1f} MiB, {total / n:.0f} bytes/page (KiB: {sizes_kb})")
    finally:
        if postgres:
            postgres.stop()
        server.send_signal(signal.SIGQUIT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
