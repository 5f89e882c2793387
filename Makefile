# cjnb: build, run and test. `make run` and `make test` are the README's quick start; both install
# what the build needs first (libedit's and zlib's headers, pkg-config, tmux for the terminal tests).

SWIFT ?= swift
PREFIX ?= /usr/local
# The release binary carries the Swift runtime and Foundation in itself (--static-swift-stdlib):
# it starts in about 6 ms rather than 11, as the dynamic linker has a dozen fewer libraries to
# bind, which is most of the time of a short `cjnb -c` or `cjnb check`.
RELEASE_FLAGS ?= -c release --static-swift-stdlib

.PHONY: run test oracle build release prerequisites install datasets datasets-check bench clean \
  format lint fuzz fuzz-build fuzz-replay fuzz-regressions fuzz-ci sanitize sanitize-address sanitize-thread

run: prerequisites release
	@"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/cjnb"

# The tests make their scratch files under a TMPDIR of the run's own, removed after it, so that
# no run leaves anything in /tmp (nor meets what an earlier one left).
test: prerequisites
	$(SWIFT) build --build-tests
	@scratch="$$(mktemp -d)"; TMPDIR="$$scratch" $(SWIFT) test --skip-build; status=$$?; rm -rf "$$scratch"; exit $$status
	"$$($(SWIFT) build --show-bin-path)/cjnb" check README.md docs/language.md docs/loading.md docs/loading-portal.md
	$(MAKE) oracle

# Differential tests of the verbs against DuckDB on random tables (ORACLE_SEED to replay one run),
# and the report output (xlsx, docx, SVG) read back by openpyxl, python-docx and LibreOffice when installed.
ORACLE_TABLES ?= 40
oracle:
	@sh .ci/oracle-prerequisites.sh
	python3 Tests/Oracle/oracle.py --cjnb "$$($(SWIFT) build --show-bin-path)/cjnb" --tables $(ORACLE_TABLES) $(if $(ORACLE_SEED),--seed $(ORACLE_SEED))
	python3 Tests/Oracle/intervals.py --cjnb "$$($(SWIFT) build --show-bin-path)/cjnb" $(if $(ORACLE_SEED),--seed $(ORACLE_SEED))
	python3 Tests/Oracle/funnel_limits.py --cjnb "$$($(SWIFT) build --show-bin-path)/cjnb" $(if $(ORACLE_SEED),--seed $(ORACLE_SEED))
	python3 Tests/Oracle/roundtrip.py --cjnb "$$($(SWIFT) build --show-bin-path)/cjnb" $(if $(ORACLE_SEED),--seed $(ORACLE_SEED))
	python3 Tests/Oracle/report_output.py --cjnb "$$($(SWIFT) build --show-bin-path)/cjnb"

# The house style (.swift-format: 2-space indent, 100 columns, swift-format's rules), checked by CI
# with `make lint`; `make format` rewrites the sources in it. swift-format comes with the toolchain.
SWIFT_SOURCES = Sources Tests Package.swift Fuzz/Targets
format:
	$(SWIFT) format format --in-place --recursive --parallel $(SWIFT_SOURCES)

lint:
	$(SWIFT) format lint --strict --recursive --parallel $(SWIFT_SOURCES)

build: prerequisites
	$(SWIFT) build

release: prerequisites
	$(SWIFT) build $(RELEASE_FLAGS) --product cjnb

prerequisites:
	@sh .ci/prerequisites.sh

# Copies the binary and the bundled datasets under PREFIX (bin/cjnb, share/cjnb/datasets).
# The man page (cjnb manual) and the bash, zsh and fish completions are made by the binary from
# the rows its help reads, into a scratch folder first, so that a failure installs nothing half-made.
install: release
	install -d "$(PREFIX)/bin" "$(PREFIX)/share/cjnb/datasets" "$(PREFIX)/share/man/man1" \
	  "$(PREFIX)/share/bash-completion/completions" "$(PREFIX)/share/zsh/site-functions" "$(PREFIX)/share/fish/vendor_completions.d"
	install -m 755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/cjnb" "$(PREFIX)/bin/cjnb"
	install -m 644 Datasets/*.csv "$(PREFIX)/share/cjnb/datasets/"
	@set -e; bin="$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/cjnb"; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	  "$$bin" manual > "$$tmp/cjnb.1"; \
	  "$$bin" --generate-completion-script bash > "$$tmp/cjnb.bash"; \
	  "$$bin" --generate-completion-script zsh > "$$tmp/_cjnb"; \
	  "$$bin" --generate-completion-script fish > "$$tmp/cjnb.fish"; \
	  install -m 644 "$$tmp/cjnb.1" "$(PREFIX)/share/man/man1/cjnb.1"; \
	  install -m 644 "$$tmp/cjnb.bash" "$(PREFIX)/share/bash-completion/completions/cjnb"; \
	  install -m 644 "$$tmp/_cjnb" "$(PREFIX)/share/zsh/site-functions/_cjnb"; \
	  install -m 644 "$$tmp/cjnb.fish" "$(PREFIX)/share/fish/vendor_completions.d/cjnb.fish"

# Rewrites Datasets/*.csv from the seeded generator; datasets-check only compares.
datasets:
	python3 Datasets/generator/make_datasets.py

datasets-check:
	python3 Datasets/generator/make_datasets.py --check

# docs/performance.md, regenerated between its bench markers: cjnb beside DuckDB's CLI, pandas
# and polars in interleaved rounds (docs/bench/bench.py; BENCH_ROUNDS, BENCH_SIZES, BENCH_WORK).
BENCH_ROUNDS ?= 5
BENCH_SIZES ?= 100000,1000000,3000000,10000000
BENCH_WORK ?= /tmp/cjnb-bench
bench: release
	@sh .ci/bench-prerequisites.sh
	python3 docs/bench/bench.py --cjnb "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/cjnb" --work $(BENCH_WORK) --rounds $(BENCH_ROUNDS) --sizes $(BENCH_SIZES) --page docs/performance.md

# Fuzzing (docs/reliability.md): each libFuzzer target for FUZZ_SECONDS, built with
# -sanitize=fuzzer,address in .build-fuzz; FUZZ_TARGETS picks some. fuzz-replay runs the committed
# seed corpus once; fuzz-regressions the inputs that crashed (Fuzz/Crashes), through the fuzz
# binaries and through the test suite.
FUZZ_SECONDS ?= 60
export FUZZ_TARGETS FUZZ_SCRATCH FUZZ_WORK FUZZ_RUNS FUZZ_KEEP_GOING FUZZ_CI_FUZZ FUZZ_CI_SECONDS FUZZ_TIMEOUT

fuzz: prerequisites
	bash Fuzz/run.sh fuzz $(FUZZ_SECONDS)

fuzz-build: prerequisites
	bash Fuzz/run.sh build

fuzz-replay: prerequisites
	bash Fuzz/run.sh replay Corpus

fuzz-ci: prerequisites
	bash Fuzz/run.sh ci

fuzz-regressions: prerequisites
	status=0; bash Fuzz/run.sh replay Crashes || status=1; \
	  CJNB_FUZZ_CRASHES=1 $(SWIFT) test --filter FuzzTests || status=1; exit $$status

# The test suite under the address sanitizer, then the thread sanitizer, each in its own build
# folder so that the normal build is left alone (docs/reliability.md has the last results).
# LeakSanitizer is off unless ASAN_OPTIONS says otherwise: it reports at exit what the Swift test
# runners and ZIPFoundation's failed opens leave behind (docs/reliability.md), not memory errors.
sanitize: sanitize-address sanitize-thread

sanitize-address: prerequisites
	ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_leaks=0} $(SWIFT) test --sanitize address --scratch-path .build-asan

sanitize-thread: prerequisites
	$(SWIFT) test --sanitize thread --scratch-path .build-tsan

clean:
	rm -rf .build .build-fuzz .build-fuzz-work .build-asan .build-tsan
