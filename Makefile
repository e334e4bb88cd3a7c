# The whole set-up on a fresh machine: `make serve` or `make test`.
# Every Python package comes from the hashed locks (`make lock` writes them):
#   requirements.lock       what the site is built with, ProperDocs included (Netlify installs it)
#   requirements-test.lock  the same versions plus the test tools (.venv)
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock

# The lowest and the highest supported Python (pyproject.toml's classifiers). The main
# virtual environment runs on the lowest; `make test` runs the suite on the highest too.
PYTHON_LOWEST := 3.11
PYTHON_HIGHEST := 3.13
PYENV_ROOT ?= $(HOME)/.pyenv
# A Python of version $(1) that runs: `pythonX.Y` on the PATH (a pyenv shim runs only when
# its version is selected), else the newest of pyenv's X.Y installations; empty if none.
find_python = $(shell for p in $$(command -v python$(1)) \
	$$(ls -d $(PYENV_ROOT)/versions/$(1).*/bin/python$(1) 2>/dev/null | sort -rV); do \
	case "$$("$$p" --version 2>&1)" in ("Python $(1)."*) echo "$$p"; break;; esac; done)
PYTHON_LOWEST_FOUND := $(call find_python,$(PYTHON_LOWEST))
PYTHON_HIGHEST_FOUND := $(call find_python,$(PYTHON_HIGHEST))
PYTHON ?= $(or $(PYTHON_LOWEST_FOUND),python3)

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# ProperDocs, the supported fallback builder, in an environment of its own: what Netlify installs.
PROPERDOCS_VENV := $(VENV)/properdocs
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed
# The suite on the highest supported Python, in an environment of its own.
HIGHEST_VENV := $(VENV)/python$(PYTHON_HIGHEST)
HIGHEST_STAMP := $(HIGHEST_VENV)/.installed
# `make lock` runs pip-tools from an environment of its own.
PIP_TOOLS_VERSION := 7.6.2
LOCK_TOOLS := $(VENV)/lock-tools
# Hash-checked installs of the lock's exact versions; pip refuses any package the lock lacks.
# The project itself goes in last, without its dependencies (the lock has them), built by the
# locked setuptools.
PIP_LOCKED := install --quiet --require-hashes
PIP_PROJECT := install --quiet --no-deps --no-build-isolation -e .
LOCK_HINT := the installed packages do not match pyproject.toml: run 'make lock'

# Browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
CHROMIUM := /usr/bin/chromium
# The Nu HTML checker runs on Debian's headless Java.
JAVA := /usr/bin/java
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq
# Test tools from the npm registry, each at a fixed version in a folder of .venv:
# axe-core (the accessibility audit injects it into pages), vnu-jar (the Nu HTML checker;
# its install script, which would download a Java of its own, is not run) and
# @netlify/config (Netlify's own parser of netlify.toml and _headers).
NPM_INSTALL := npm install --silent --no-save --no-audit --no-fund
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
VNU_VERSION := 26.9.27
VNU := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
NETLIFY_CONFIG_VERSION := 25.2.6
NETLIFY_CONFIG := $(VENV)/netlify/node_modules/@netlify/config/package.json
export NO_MKDOCS_2_WARNING := 1

# jsdiff, the word diff of the page comparing any two versions, is vendored, never loaded
# from a CDN: generator/site/assets/jsdiff.js is the npm tarball's dist/diff.min.js after a
# comment carrying its license. Recorded here: the tarball's integrity, as the registry
# lists it, and the sha256 of that file (a test checks the vendored copy against it;
# `make vendor-check` fetches the tarball again and checks both).
JSDIFF_VERSION := 9.0.0
JSDIFF_INTEGRITY := sha512-svtcdpS8CgJyqAjEQIXdb3OjhFVVYjzGAPO8WGCmRbrml64SPw/jJD4GoE98aR7r25A0XcgrK3F02yw9R/vhQw==
JSDIFF_SHA256 := b51a9d2885f2c090dc97b981027395f7e7e6558a46c75ae3747db267913a89ab
JSDIFF := generator/site/assets/jsdiff.js

# Where the tests find the other builders (tests/builders.py); an empty
# POLICY_SITE_HIGHEST_PYTHON says that this machine has no Python $(PYTHON_HIGHEST).
TEST_ENV := POLICY_SITE_PROPERDOCS=$(CURDIR)/$(PROPERDOCS_VENV)/bin/properdocs \
	POLICY_SITE_HIGHEST_PYTHON=$(if $(PYTHON_HIGHEST_FOUND),$(CURDIR)/$(HIGHEST_VENV)/bin/python) \
	AXE_CORE_JS=$(CURDIR)/$(AXE) VNU_JAR=$(CURDIR)/$(VNU) \
	NETLIFY_CONFIG_MODULES=$(CURDIR)/$(VENV)/netlify/node_modules

.PHONY: serve build test lint clean lock bench golden pdf-libraries vendor-check

$(BIN)/python:
	@test -n "$(PYTHON_LOWEST_FOUND)" || echo "Python $(PYTHON_LOWEST) not found: using $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml $(LOCK) $(TEST_LOCK) | $(BIN)/python
	$(BIN)/pip $(PIP_LOCKED) -r $(TEST_LOCK)
	$(BIN)/pip $(PIP_PROJECT)
	$(BIN)/pip check >/dev/null || { $(BIN)/pip check; echo "$(LOCK_HINT)"; exit 1; }
	touch $@

$(PROPERDOCS_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/pip $(PIP_LOCKED) -r $(LOCK)
	$(PROPERDOCS_VENV)/bin/pip $(PIP_PROJECT)
	$(PROPERDOCS_VENV)/bin/pip check >/dev/null || { echo "$(LOCK_HINT)"; exit 1; }
	touch $@

$(HIGHEST_STAMP): pyproject.toml $(LOCK) $(TEST_LOCK) | $(BIN)/python
	$(PYTHON_HIGHEST_FOUND) -m venv $(HIGHEST_VENV)
	$(HIGHEST_VENV)/bin/pip $(PIP_LOCKED) -r $(TEST_LOCK)
	$(HIGHEST_VENV)/bin/pip $(PIP_PROJECT)
	$(HIGHEST_VENV)/bin/pip check >/dev/null || { echo "$(LOCK_HINT)"; exit 1; }
	touch $@

# WeasyPrint (the PDFs of released versions) draws text with Pango and HarfBuzz and needs a
# font; the check asks the dynamic linker, so a machine that has them installs nothing.
PDF_LIBRARIES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libraries:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' && ldconfig -p | grep -q 'libharfbuzz-subset.so.0' \
		&& fc-list 2>/dev/null | grep -q . || { $(SUDO) apt-get update -qq && \
		$(APT_INSTALL) $(PDF_LIBRARIES); }

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(APT_INSTALL) chromium

$(JAVA):
	$(SUDO) apt-get update -qq
	$(APT_INSTALL) default-jre-headless

$(AXE): | $(BIN)/python
	$(NPM_INSTALL) --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

$(VNU): | $(BIN)/python
	$(NPM_INSTALL) --ignore-scripts --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)

$(NETLIFY_CONFIG): | $(BIN)/python
	$(NPM_INSTALL) --ignore-scripts --prefix $(VENV)/netlify @netlify/config@$(NETLIFY_CONFIG_VERSION)

# `make serve PORT=8001` when 8000 is taken; a taken port is said in one line, not a traceback.
PORT ?= 8000
serve: $(STAMP) pdf-libraries
	@$(BIN)/python -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', $(PORT)))" 2>/dev/null \
		|| { echo "port $(PORT) is in use: run 'make serve PORT=8001' (or stop what listens there)"; exit 1; }
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT) --livereload

build: $(STAMP) pdf-libraries
	$(BIN)/mkdocs build --strict

# The suite on the lowest supported Python (with the ProperDocs build, the Nu checker and
# Netlify's parser), then on the highest, where the tests that drive a browser or check the
# deploy's tools are left out: they test Chromium, Java and Node against the built files,
# and a test of the first run checks that the highest Python builds those files byte for byte.
test: $(STAMP) pdf-libraries $(PROPERDOCS_STAMP) $(if $(PYTHON_HIGHEST_FOUND),$(HIGHEST_STAMP)) \
		$(CHROMIUM) $(JAVA) $(AXE) $(VNU) $(NETLIFY_CONFIG)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(TEST_ENV) $(BIN)/pytest
ifneq ($(PYTHON_HIGHEST_FOUND),)
	$(TEST_ENV) $(HIGHEST_VENV)/bin/python -m pytest -p tests.highest_python
else
	@echo "SKIPPED: the run on Python $(PYTHON_HIGHEST): no python$(PYTHON_HIGHEST) on the PATH or in $(PYENV_ROOT)/versions"
endif

# Re-resolve the locks after a change of pyproject.toml's dependencies (pins that still fit
# are kept). Upgrade with LOCK_ARGS=--upgrade, or one package with
# LOCK_ARGS="--upgrade-package mkdocs-material".
PIP_COMPILE = $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --all-build-deps --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/pip install --quiet pip-tools==$(PIP_TOOLS_VERSION); }
	$(PIP_COMPILE) --extra properdocs -o $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra test -c $(LOCK) -o $(TEST_LOCK) pyproject.toml

clean:
	rm -rf $(VENV) site .cache

bench: $(STAMP) pdf-libraries $(CHROMIUM)
	$(BIN)/python -m bench $(BENCH_ARGS)

# Rewrite the stored outputs of the golden test (tests/golden/) after an intended change.
golden: $(STAMP)
	$(BIN)/python -m tests.golden --update

# Check the vendored jsdiff against its npm tarball (needs the registry): the tarball's
# integrity, the file taken from it, and the license beside the vendored copy.
vendor-check:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cd "$$tmp" && \
	npm pack --silent diff@$(JSDIFF_VERSION) >/dev/null && \
	test "sha512-$$(openssl dgst -sha512 -binary diff-$(JSDIFF_VERSION).tgz | base64 -w0)" = \
		"$(JSDIFF_INTEGRITY)" && \
	tar xzf diff-$(JSDIFF_VERSION).tgz package/dist/diff.min.js package/LICENSE && \
	echo "$(JSDIFF_SHA256)  package/dist/diff.min.js" | sha256sum --check --quiet && \
	sed '1,/^\*\/$$/d' "$(CURDIR)/$(JSDIFF)" > vendored.js && \
	cmp vendored.js package/dist/diff.min.js && \
	cmp package/LICENSE "$(CURDIR)/$(JSDIFF:.js=.LICENSE)" && \
	echo "$(JSDIFF) is jsdiff $(JSDIFF_VERSION) as published on npm"
