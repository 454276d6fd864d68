# NewsIngest. `make demo` and `make test` are all a fresh Debian 12 machine with Swift needs:
# every target that builds first installs the Debian packages below when they are missing
# (postgresql, python3-prometheus-client and python3-yaml only for the tests: they start a throwaway
# server for the PostgreSQL sink and state, read the metrics file with the reference Prometheus
# parser and the Kubernetes manifests with a YAML parser).

SWIFT        ?= swift
DEVSET       ?= ../shared/corpus/devset
WCXB         ?= ../shared/corpus/wcxb-articles
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libcld2-dev libsqlite3-dev libuchardet-dev \
                libicu-dev libssl-dev zlib1g-dev libpq-dev libpsl-dev pkg-config python3 \
                postgresql python3-prometheus-client python3-yaml
RELEASE_BIN  := .build/release/newsingest
# What a host that only runs the installed binary needs (no Swift toolchain): the C libraries'
# runtime packages. `make install-check` checks the binary needs exactly these.
RUNTIME_PACKAGES := libc6 libgcc-s1 libstdc++6 libcurl4 libxml2 libcld2-0 libsqlite3-0 libuchardet0 \
                    libicu72 libssl3 zlib1g libpq5 libpsl5

PREFIX       ?= /usr/local
INSTALL_BUILD := .build-install
MAN_BUILD    := .build-man

FUZZ_SECONDS ?= 60
FUZZ_BUILD   := .build-fuzz
LSAN_SUPP    := $(CURDIR)/Tests/Fuzz/lsan.supp

.PHONY: all setup deps build debug test lint format demo eval bench bench-deps fuzz sanitize sanitize-address \
        sanitize-thread crashtest install install-check uninstall clean bench-trafilatura

all: build

# Installs the Debian packages that are missing (as root, or with sudo).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

setup: deps build

build: deps
	$(SWIFT) build -c release

debug: deps
	$(SWIFT) build

# The format gate (CI runs it): swift-format's lint with the rules in .swift-format (4 spaces,
# 120 columns), and no line over 120 columns. `make format` rewrites the sources to pass.
LINT_PATHS := Package.swift Sources Tests
lint:
	$(SWIFT) format lint --strict --recursive $(LINT_PATHS)
	python3 Tests/Scripts/line_length.py $(LINT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive $(LINT_PATHS)

# The test command CI runs (.ci/run). Builds everything first: the CLI tests run the binary.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-swift-testing

# (SwiftPM passes -sanitize=fuzzer and -sanitize=address to swiftc apart, and the last one
# wins, leaving Swift code without coverage: hence the combined -Xswiftc flag.)
# Every libFuzzer harness (Sources/newsingest-fuzz, targets in FuzzTarget) for FUZZ_SECONDS
# each, from seed corpora made of samples/ and Tests/Regressions; fails when one finds a crash,
# leak, timeout or memory blow-up (the input is in .build-fuzz/findings/<target>/).
fuzz: deps
	$(SWIFT) build -c release --build-path $(FUZZ_BUILD) --product newsingest-fuzz \
	  --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BIN=$(FUZZ_BUILD)/release/newsingest-fuzz bash Tests/Scripts/fuzz.sh

# The whole test suite under AddressSanitizer and ThreadSanitizer, each in its own build
# directory. Leak checking is the fuzzers' (per input, make fuzz): at the exit of an XCTest run
# LeakSanitizer lists XCTest's own test-case objects, hung off a weak-reference side table that
# XCTest and Foundation's Process never free.
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	$(SWIFT) build --build-tests --sanitize=address --build-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --build-path .build-asan --disable-swift-testing

sanitize-thread: deps
	$(SWIFT) build --build-tests --sanitize=thread --build-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --sanitize=thread --build-path .build-tsan --disable-swift-testing

# A backfill of 300 pages from a loopback server killed with SIGKILL 100 times; checks that no
# record is partial, none is lost and duplicates stay within at-least-once delivery.
crashtest: build
	python3 Tests/Scripts/crashtest.py --binary $(RELEASE_BIN) --pages 300 --kills 100

# Installs under $(DESTDIR)$(PREFIX): the binary with the Swift runtime, Foundation and Dispatch
# linked in (--static-swift-stdlib: the host needs only RUNTIME_PACKAGES), man pages (one per
# command, from swift-argument-parser's generate-manual), bash/zsh/fish completions, the
# example configurations, the systemd units (pointing at the installed binary) and the
# sysusers.d entry of their user. The man pages are made from a build of their own: the
# plugin's build is not static, and sharing a build folder would relink both every time.
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(INSTALL_BUILD) --product newsingest
	$(SWIFT) package --scratch-path $(MAN_BUILD) generate-manual --multi-page --authors "NewsIngest developers"
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(PREFIX)/share/doc/newsingest/examples \
	  $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(PREFIX)/lib/sysusers.d
	install -m 755 -s $(INSTALL_BUILD)/release/newsingest $(DESTDIR)$(PREFIX)/bin/newsingest
	install -m 644 $(MAN_BUILD)/plugins/GenerateManual/outputs/newsingest/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	$(INSTALL_BUILD)/release/newsingest --generate-completion-script bash \
	  > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/newsingest
	$(INSTALL_BUILD)/release/newsingest --generate-completion-script zsh \
	  > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_newsingest
	$(INSTALL_BUILD)/release/newsingest --generate-completion-script fish \
	  > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/newsingest.fish
	install -m 644 config/newsingest.toml config/sources.example.toml $(DESTDIR)$(PREFIX)/share/doc/newsingest/examples/
	cp -R config/deploy $(DESTDIR)$(PREFIX)/share/doc/newsingest/examples/
	for unit in newsingest.service newsingest.timer newsingest-deliver.service newsingest-deliver.timer \
	  newsingest-shard@.service newsingest-shard@.timer; do \
	  sed 's|@BINDIR@|$(PREFIX)/bin|g' config/systemd/$$unit > $(DESTDIR)$(PREFIX)/lib/systemd/system/$$unit; done
	install -m 644 config/systemd/newsingest.sysusers.conf $(DESTDIR)$(PREFIX)/lib/sysusers.d/newsingest.conf

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsingest $(DESTDIR)$(PREFIX)/share/man/man1/newsingest*.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/newsingest \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_newsingest \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/newsingest.fish \
	  $(DESTDIR)$(PREFIX)/lib/systemd/system/newsingest*.service $(DESTDIR)$(PREFIX)/lib/systemd/system/newsingest*.timer \
	  $(DESTDIR)$(PREFIX)/lib/sysusers.d/newsingest.conf
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/newsingest

# Installs into a temporary prefix and checks the result (CI runs it): see the script.
install-check:
	RUNTIME_PACKAGES="$(RUNTIME_PACKAGES)" bash Tests/Scripts/install_check.sh

# The main job on the embedded, offline default: the demo site in samples/.
demo: build
	NEWSINGEST_BIN=$(RELEASE_BIN) bash samples/run-demo.sh

# Extraction quality on both tuning sets, each with its own scorer: body F1 and metadata.
eval: build
	python3 Tests/Scripts/eval.py --devset $(DEVSET) --wcxb $(WCXB) --binary $(RELEASE_BIN) --out eval-out

# Extraction speed on the dev set on one core next to a libxml2 parse-only pass, the whole
# batch command, end to end against a local nginx (2,000 and 20,000 pages from many virtual
# hosts, next to extract-only on the same pages), then the near-duplicate index at 10^5 and
# 10^6 records (several minutes: it builds both indexes) and the dev-set false-positive check.
bench: build bench-deps
	.build/release/newsingest-bench extract $(DEVSET)
	python3 Tests/Scripts/speed_bench.py --binary $(RELEASE_BIN) --out bench-out/speed \
	  --set devset=$(DEVSET) --set wcxb=$(WCXB) \
	  $(if $(wildcard $(TRAFILATURA_VENV)/bin/python),--trafilatura $(TRAFILATURA_VENV)/bin/python)
	python3 Tests/Scripts/e2e_bench.py --devset $(DEVSET) --binary $(RELEASE_BIN) --out bench-out/e2e --sizes 2000,20000
	.build/release/newsingest-bench false-positives $(DEVSET)
	.build/release/newsingest-bench dedupe --sizes 100000,1000000 --dir bench-out

# trafilatura (PyPI) in a virtual environment of its own, for the speed benchmark's side by side:
# an optional step (`make bench` runs it when this environment exists).
TRAFILATURA_VENV := .build-bench/trafilatura
bench-trafilatura:
	python3 -m venv $(TRAFILATURA_VENV)
	$(TRAFILATURA_VENV)/bin/pip install -q trafilatura==2.3.1 lxml_html_clean

# The end-to-end benchmark's web server: Debian's nginx (only its binary is used; no service).
bench-deps:
	@dpkg-query -W -f='$${Status}' nginx-light 2>/dev/null | grep -q "install ok installed" || \
	  dpkg-query -W -f='$${Status}' nginx 2>/dev/null | grep -q "install ok installed" || { \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq nginx-light >/dev/null; }

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan .build-bench $(INSTALL_BUILD) $(MAN_BUILD) demo eval-out bench-out
