# NewsIngest. `make demo` and `make test` are all a fresh Debian 12 machine with Swift needs:
# every target that builds first installs the Debian packages below when they are missing.

SWIFT        ?= swift
DEVSET       ?= ../shared/corpus/devset
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libcld2-dev libsqlite3-dev libuchardet-dev \
                libicu-dev zlib1g-dev pkg-config python3
RELEASE_BIN  := .build/release/newsingest

.PHONY: all setup deps build debug test demo eval bench bench-deps clean

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

# The test command CI runs (.ci/run). Builds everything first: the CLI tests run the binary.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-swift-testing

# The main job on the embedded, offline default: the demo site in samples/.
demo: build
	NEWSINGEST_BIN=$(RELEASE_BIN) bash samples/run-demo.sh

# Extraction quality on the dev set: body F1 (score.py) and metadata accuracy.
eval: build
	python3 Tests/Scripts/eval.py --devset $(DEVSET) --binary $(RELEASE_BIN) --out eval-out

# Extraction speed on the dev set on one core next to a libxml2 parse-only pass, the whole
# batch command, end to end against a local nginx (2,000 and 20,000 pages from many virtual
# hosts, next to extract-only on the same pages), then the near-duplicate index at 10^5 and
# 10^6 records (several minutes: it builds both indexes) and the dev-set false-positive check.
bench: build bench-deps
	.build/release/newsingest-bench extract $(DEVSET)
	python3 Tests/Scripts/bench.py --devset $(DEVSET) --binary $(RELEASE_BIN) --out bench-out
	python3 Tests/Scripts/e2e_bench.py --devset $(DEVSET) --binary $(RELEASE_BIN) --out bench-out/e2e --sizes 2000,20000
	.build/release/newsingest-bench false-positives $(DEVSET)
	.build/release/newsingest-bench dedupe --sizes 100000,1000000 --dir bench-out

# The end-to-end benchmark's web server: Debian's nginx (only its binary is used; no service).
bench-deps:
	@dpkg-query -W -f='$${Status}' nginx-light 2>/dev/null | grep -q "install ok installed" || \
	  dpkg-query -W -f='$${Status}' nginx 2>/dev/null | grep -q "install ok installed" || { \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq nginx-light >/dev/null; }

clean:
	rm -rf .build demo eval-out bench-out
