# Two commands for a newcomer: `make run` and `make test`. Everything they need
# is installed from nothing: the virtualenv and Python packages from
# pyproject.toml, front-end packages from package-lock.json, and the Debian
# packages the tests drive (chromium, redis-server, nginx) with apt-get.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_UPDATED := .apt-updated

.PHONY: install run test test-fast lint screenshots bench bench-smoke bench-themes swarm system-test-deps apt clean report-preview

install: node_modules/.installed $(VENV)/.installed

run: install
	$(BIN)/workshop serve

test: install system-test-deps lint
	$(BIN)/pytest

# The inner loop: no browser, no server processes.
test-fast: install lint
	$(BIN)/pytest -m "not browser and not slow"

# Style and structure: ruff's rules and format, and the import layers
# (import-linter's contracts in pyproject.toml: one way down, no cycles).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# PNGs of every screen at phone and projector sizes into screenshots/
# (git-ignored), for review. Each script starts its own server.
SCREENSHOT_SCRIPTS := tools/screenshots.py tools/screenshots_console.py tools/screenshots_organiser.py tools/screenshots_room.py tools/screenshots_themes.py tools/screenshots_voice.py tools/screenshots_listen.py tools/screenshots_easy_read.py tools/screenshots_theme_votes.py

screenshots: install system-test-deps
	@for script in $(SCREENSHOT_SCRIPTS); do $(BIN)/python $$script || exit 1; done

# The load benchmark (docs/PERFORMANCE.md): the lean Node generator
# (benchmarks/loadgen.js) against a real `workshop serve`, then against the
# Node Socket.IO baseline (benchmarks/baseline/) under the same load, at 500
# and 2,000 phones; figures and ratios printed and written to
# benchmarks/results/. BENCH_ARGS="--phones 2000" for one size.
BENCH_ARGS ?=
bench: install
	$(BIN)/python benchmarks/compare.py $(BENCH_ARGS)

bench-smoke: install
	$(BIN)/python benchmarks/compare.py --smoke $(BENCH_ARGS)

# Theme suggestions against the labelled set (docs/THEMES.md): groups, V-measure,
# ARI and near-duplicates beside a TF-IDF baseline, then 200 and 2,000 ideas timed.
bench-themes: install
	$(BIN)/python -m benchmarks.themes_bench

# 300 delegates with a 300 votes/s burst, stories and ten console actions
# timed during it, every screen checked against the database (issue 15).
SWARM_ARGS ?=
swarm: install
	$(BIN)/python benchmarks/swarm.py --delegates 300 --rate 300 $(SWARM_ARGS)

# After npm ci: the package build maps node_modules' Socket.IO client into the wheel.
# A git worktree may link .venv and node_modules to another checkout's: those are
# left alone (npm ci through the link would empty the other checkout's folder).
$(VENV)/.installed: pyproject.toml node_modules/.installed
	@if [ -L $(VENV) ]; then echo "$(VENV) is a link to another checkout's: not reinstalled here"; else \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || $(MAKE) --no-print-directory apt PKGS=python3-venv; \
	$(PYTHON) -m venv $(VENV) && \
	$(BIN)/pip install --quiet --upgrade pip && \
	$(BIN)/pip install --quiet -e '.[test]' && \
	touch $@; fi

node_modules/.installed: package.json package-lock.json
	@if [ -L node_modules ]; then echo "node_modules is a link to another checkout's: not reinstalled here"; else \
	{ command -v npm >/dev/null || $(MAKE) --no-print-directory apt PKGS="nodejs npm"; } && \
	npm ci --no-audit --no-fund && \
	touch $@; fi

# Debian's chromium for the Playwright browser tests (Playwright cannot
# download its own browser here), redis-server for the scale-out test and
# nginx for the sharded site's (tests/test_shards.py); chromium-l10n so the
# browsers can be British English (harness/browser.py: dates day first).
system-test-deps:
	@command -v chromium >/dev/null && command -v redis-server >/dev/null \
		&& { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null \
		&& test -e /usr/lib/chromium/locales/en-GB.pak \
		|| $(MAKE) --no-print-directory apt PKGS="chromium chromium-l10n redis-server nginx"

apt:
	@[ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update -qq && touch $(APT_UPDATED); }
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(PKGS)

# The demo workshop's Word report rendered as LibreOffice prints it: PDF, then
# one PNG per page, into report-preview/ (git-ignored), for review by eye. The
# package is run as `python -m workshop` so a git worktree sharing the
# virtualenv renders its own checkout, not the one the venv was installed from.
# The organiser hoped for more people who receive care and carers than came
# (the demo's room is the framework's own), so "Who was not in this room" has
# something to say.
PREVIEW := report-preview
report-preview: install
	@command -v libreoffice >/dev/null && command -v pdftoppm >/dev/null \
		|| $(MAKE) --no-print-directory apt PKGS="libreoffice-writer poppler-utils"
	rm -rf $(PREVIEW) && mkdir -p $(PREVIEW)
	code=$$($(BIN)/python -m workshop demo --db $(PREVIEW)/demo.db --json \
		| $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)["code"])') && \
	$(BIN)/python -m workshop describe $$code --db $(PREVIEW)/demo.db --service "Home care" \
		--area "West Kent" \
		--expected provider=30,person_receiving_care=30,carer=15,commissioner=10,vcse=12 && \
	$(BIN)/python -m workshop themes $$code --db $(PREVIEW)/demo.db --accept-suggested >/dev/null && \
	$(BIN)/python -m workshop export $$code --db $(PREVIEW)/demo.db --format docx --out $(PREVIEW) && \
	libreoffice -env:UserInstallation=file://$(CURDIR)/$(PREVIEW)/.libreoffice --headless \
		--convert-to pdf --outdir $(PREVIEW) $(PREVIEW)/diagnostic-report-$$code.docx >/dev/null && \
	pdftoppm -r 80 -png $(PREVIEW)/diagnostic-report-$$code.pdf $(PREVIEW)/page
	@echo "Pages: $$(ls $(PREVIEW)/page-*.png | wc -l) PNG files in $(PREVIEW)/"

clean:
	rm -rf $(VENV) node_modules .pytest_cache $(APT_UPDATED)
