# cjnb: build, run and test. `make run` and `make test` are the README's quick start; both install
# what the build needs first (libedit's and zlib's headers, pkg-config, tmux for the terminal tests).

SWIFT ?= swift
PREFIX ?= /usr/local
RELEASE_FLAGS ?= -c release

.PHONY: run test oracle build release prerequisites install datasets datasets-check bench clean

run: prerequisites release
	@"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/cjnb"

test: prerequisites
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) oracle

# Differential tests of the verbs against DuckDB on random tables (ORACLE_SEED to replay one run).
ORACLE_TABLES ?= 40
oracle:
	@sh .ci/oracle-prerequisites.sh
	python3 Tests/Oracle/oracle.py --cjnb "$$($(SWIFT) build --show-bin-path)/cjnb" --tables $(ORACLE_TABLES) $(if $(ORACLE_SEED),--seed $(ORACLE_SEED))
	python3 Tests/Oracle/intervals.py --cjnb "$$($(SWIFT) build --show-bin-path)/cjnb" $(if $(ORACLE_SEED),--seed $(ORACLE_SEED))

build: prerequisites
	$(SWIFT) build

release: prerequisites
	$(SWIFT) build $(RELEASE_FLAGS) --product cjnb

prerequisites:
	@sh .ci/prerequisites.sh

# Copies the binary and the bundled datasets under PREFIX (bin/cjnb, share/cjnb/datasets).
install: release
	install -d "$(PREFIX)/bin" "$(PREFIX)/share/cjnb/datasets"
	install -m 755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/cjnb" "$(PREFIX)/bin/cjnb"
	install -m 644 Datasets/*.csv "$(PREFIX)/share/cjnb/datasets/"

# Rewrites Datasets/*.csv from the seeded generator; datasets-check only compares.
datasets:
	python3 Datasets/generator/make_datasets.py

datasets-check:
	python3 Datasets/generator/make_datasets.py --check

bench: release
	bash docs/bench/run.sh

clean:
	rm -rf .build
