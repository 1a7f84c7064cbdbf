# Thin wrapper: every target installs what is missing, configures build/, builds.
BUILD ?= build
JOBS ?= $(shell nproc)
SCENARIO ?= scenarios/almere-stakeholders.toml
DB ?= workshop.db

.PHONY: all deps configure build run test test-sanitize bench fuzz clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/kiosk/workshop-kiosk --scenario $(SCENARIO) --db $(DB) $(ARGS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-sanitize: deps
	@cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DWORKSHOP_SANITIZE=ON >/dev/null
	@cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && ctest --output-on-failure -j $(JOBS) -LE slow

fuzz: deps
	@bash scripts/fuzz.sh

bench: deps
	@bash scripts/bench.sh

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz build-bench
