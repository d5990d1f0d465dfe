# The two README commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint browser-deps database-deps screenshots bench bench-browser clean fuzz

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime  ## start the dashboard on the bundled sample data
	$(PY) serve.py run dashboard.py --server.port $(PORT)

browser-deps:  ## Debian's Chromium for the browser tests (installed when missing and root)
	@bash scripts/ensure-chromium.sh

database-deps:  ## PostgreSQL and Java for the database tests (installed when missing and root)
	@bash scripts/ensure-databases.sh

lint: $(VENV)/.dev
	$(PY) -m ruff check .

test: $(VENV)/.dev browser-deps database-deps lint  ## the whole suite, browser tests included
	$(PY) -m pytest

fuzz: $(VENV)/.dev  ## 10,000 more generated hostile files, each in every report format (FUZZ_SEED=n to vary)
	$(PY) -m pytest -m fuzz -q -s tests/test_fuzz_cli.py

screenshots: $(VENV)/.dev browser-deps  ## every page and report format into screenshots/; refreshes docs/*.png
	@command -v pdftoppm >/dev/null && command -v soffice >/dev/null || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing poppler-utils and libreoffice-writer-nogui (PDF and .docx shots)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q --no-install-recommends poppler-utils libreoffice-writer-nogui >/dev/null || \
	    { apt-get update -q >/dev/null && \
	      apt-get install -y -q --no-install-recommends poppler-utils libreoffice-writer-nogui >/dev/null; } || \
	    echo "!!! could not install them: the PDF and .docx shots will be skipped"; \
	  else echo "!!! pdftoppm or soffice missing (not root): the PDF and .docx shots will be skipped"; fi
	$(PY) -m tests.browser.screenshots

bench: $(VENV)/.runtime  ## speed and memory at 1,000,000 rows (the report, the app), and big files
	$(PY) benchmarks/bench_report.py
	$(PY) benchmarks/bench_app.py
	$(PY) benchmarks/bench_adjusted.py
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_database.py
	$(PY) benchmarks/bench_app_database.py

bench-browser: $(VENV)/.dev browser-deps  ## page switches and the first Overview in Chromium, one user
	$(PY) benchmarks/bench_browser.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis screenshots
