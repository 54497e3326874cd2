# Two commands on a fresh machine (Python 3.11, Node.js with npm):
#   make book   set up, execute every chapter, write _build/html (strict: any warning fails) and
#               publish beside it the library's wheel and a self-contained notebook per chapter
#   make test   set up, lint, build the book strictly, run every test (browser tests included)
# Also: make serve (preview on localhost), make lab (JupyterLab, live widgets), make bench, make lock,
# make tidy (chapters written as JupyterLab saves them), make student (the site without solutions).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HTML   := _build/html
VENDOR := _assets/vendor
# The site's own files (assets/: the figures' script and style sheet, the favicon, the page
# template), copied beside the vendored ones.
ASSETS := $(patsubst assets/%,_assets/%,$(shell find assets -type f))
PORT   ?= 8000
BOOK   ?= .
# Strict: a Sphinx warning (a failing cell included) is an error; -n also checks every reference.
JB_FLAGS := --warningiserror --nitpick --keep-going
# Chapters read (and executed, each in its own kernel) at once, and test processes (pytest-xdist, each
# test handed to whichever process is free): one per core (tools/jupyter_book_jobs.py).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# BLAS threads only slow the book's small linear algebra, and on a busy machine they fight for its cores
# (one fit 7x slower on two loaded cores): the kernels that execute the chapters, and the tests, use one.
SERIAL := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# What every chapter depends on: a change here re-executes them all.
SHARED := $(shell find scaling_lib tools -type f -not -path '*/__pycache__/*') _config.yml _toc.yml references.bib

.PHONY: setup book locales student pack test test-fast portable serve lab bench lock tidy clean

# The theme's icons as a small style sheet in place of Font Awesome's script (tools/icons.py).
ICONS  := _assets/icons.css
setup: $(VENV)/.installed $(VENDOR)/.installed $(ASSETS) $(ICONS)

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

# MathJax (served by the site) and reveal.js (the teaching pack's slides), from the npm registry.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) $(HTML)/_static/vendor && mkdir -p $(VENDOR)/mathjax
	cp -r node_modules/mathjax/es5/tex-chtml.js node_modules/mathjax/es5/input \
	   node_modules/mathjax/es5/output node_modules/mathjax/es5/ui node_modules/mathjax/es5/a11y \
	   node_modules/mathjax/es5/sre $(VENDOR)/mathjax/
	cp node_modules/mathjax/LICENSE node_modules/mathjax/package.json $(VENDOR)/mathjax/
	touch $@

$(ICONS): tools/icons.py $(VENV)/.installed
	$(BIN)/python tools/icons.py $@

_assets/%: assets/%
	@mkdir -p $(@D)
	cp $< $@

# A change to scaling_lib, tools, the config, the site's own assets or the vendored ones re-executes every
# chapter and copies the assets again (Sphinx copies them only when it writes a page); otherwise Sphinx
# re-executes only the chapters that changed.
_build/.shared-stamp: $(SHARED) $(VENDOR)/.installed $(ASSETS) $(ICONS)
	rm -rf _build/.doctrees _build/.jupyter_cache _build/zh_CN/_build/.doctrees
	mkdir -p _build && touch $@

# Sphinx saves what it read before it writes the pages, so a build that stops early (a failure, a
# warning, Ctrl-C, a kill) must not be trusted by the next one. DONE is written last, only after a
# build and its publishing succeeded; a build that finds no DONE first forgets what Sphinx read and
# wrote, so that it writes every page again (and meets the same warnings again) and its site equals a
# clean build's (no stale ?v= tag or search-index word of the stopped build).
DONE  := $(BOOK)/_build/.book-done
WHEEL := $(BOOK)/_build/html/dist
# Figure images, one file per distinct PNG (scaling_lib.book.plotting.image_url); the site serves the folder
# (html_extra_path) and keeps only the files its pages name.
FRAMES := $(abspath $(BOOK))/_build/frames/_frames
# The wheel's file dates: the last commit's (1980-01-01 outside a git checkout), so that two builds of
# the same sources give the same bytes. setuptools builds it in the repository's build/, which two books
# built at once would share (the tests build small books in parallel): one wheel at a time (tools/locked.py).
EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
BUILD  = $(SERIAL) SCALING_LIB_FRAMES=$(FRAMES) SCALING_LIB_WIDGETS=static SCALING_LIB_PROGRESS=off \
	  $(BIN)/python tools/jupyter_book_jobs.py $(JOBS) build
# The Chinese edition (tools/edition.py): built from the English edition's execution cache (nothing
# runs again) into _build/zh_CN/, and served at zh/ beside it; a book without translations
# (locales/zh_CN/, as the tests' small books) has none.
ZH := $(BOOK)/_build/zh_CN
ZH_EDITION ?= $(wildcard $(BOOK)/locales/zh_CN)
book: setup _build/.shared-stamp
	@test -f $(DONE) || rm -rf $(BOOK)/_build/.doctrees $(BOOK)/_build/html $(ZH)/_build
	rm -f $(DONE)
	mkdir -p $(FRAMES)
	$(BUILD) $(BOOK) $(JB_FLAGS)
	set -e; if [ -n "$(ZH_EDITION)" ]; then \
	  $(BIN)/python tools/edition.py zh_CN $(BOOK); \
	  $(BUILD) $(BOOK) $(JB_FLAGS) --config $(ZH)/_config.yml --toc $(ZH)/_toc.yml --path-output $(ZH); \
	  rm -rf $(BOOK)/_build/html/zh && cp -r $(ZH)/_build/html $(BOOK)/_build/html/zh; \
	fi
	rm -rf $(WHEEL)
	$(BIN)/python tools/locked.py _build/.wheel-lock sh -c 'rm -rf build && SOURCE_DATE_EPOCH=$(EPOCH) $(BIN)/python -m pip wheel \
	  --quiet --disable-pip-version-check --no-deps --no-build-isolation -w $(WHEEL) . && rm -rf build'
	$(BIN)/python tools/publish.py $(BOOK)
	$(BIN)/python tools/prune_frames.py $(BOOK)/_build/html $(FRAMES)
	touch $(DONE)

# The Chinese edition's message catalogues, after a change to the English text: every page's messages
# (from the execution cache: nothing runs), merged into locales/zh_CN/ by sphinx-intl, which marks a
# message whose English changed as fuzzy (shown in English until its translation is checked).
locales: book
	$(BUILD) $(BOOK) $(JB_FLAGS) --builder custom --custom-builder gettext --path-output $(BOOK)/_build/gettext
	$(BIN)/sphinx-intl update --pot-dir $(BOOK)/_build/gettext/_build/gettext --language zh_CN \
	  --locale-dir $(BOOK)/locales --line-width 110

# The student edition: the built site, its sources and notebooks with every solution removed.
student: book
	$(BIN)/python tools/publish.py $(BOOK) --student

# The teaching pack (tools/pack.py): slides per lecture, the lab's handout and a problem set per lecture,
# from the student edition's glued numbers and figures; the handout and problem sets also as PDF.
pack: student
	$(BIN)/python tools/pack.py $(BOOK) --pdf

test: student pack
	$(BIN)/ruff check .
	$(BIN)/ruff format --check scaling_lib tests benchmarks tools
	$(BIN)/mypy scaling_lib
	$(SERIAL) $(BIN)/python -m pytest --cov -n $(JOBS) --dist worksteal

# The library's unit tests alone, without the slow ones, the book build, the browser, the notebooks or
# coverage (which make test measures).
FAST := -m "not slow and not browser and not build and not notebooks and not site" \
	  --deselect tests/test_student.py --deselect tests/test_roundtrip.py
test-fast: setup
	$(SERIAL) $(BIN)/python -m pytest -q -n $(JOBS) --dist worksteal $(FAST)

# The second processor path, as CI runs it after make test: numpy's baseline kernels only (every SIMD
# family it would pick at run time switched off) and the two cores shared with four busy processes,
# the unit tests, then a cold strict build of every chapter (the chapters' own asserts included) and
# the student edition (without the Chinese one, which runs no code). A result
# that holds on one processor only, or a cell that needs idle cores, fails here.
portable: setup
	$(BIN)/python tools/loaded.py --narrow -- $(MAKE) --no-print-directory test-fast
	rm -rf $(DONE) $(BOOK)/_build/.jupyter_cache
	$(BIN)/python tools/loaded.py --narrow --hogs 4 -- $(MAKE) --no-print-directory student ZH_EDITION=

serve: book
	@echo "Serving $(HTML) at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(HTML)

# JupyterLab on the repository, opened at the published notebooks (_build/html/notebooks/chapters, as
# Binder opens them): the prose rendered, every figure shown, sliders live in the kernel. The chapters'
# sources are in chapters/: a double-click opens one as a notebook (jupytext; its settings live in
# pyproject.toml), and saving it leaves its front matter alone (jupyterlab-settings/).
lab: book
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-lab.txt
	mkdir -p $(VENV)/share/jupyter/lab/settings $(VENV)/etc/jupyter
	cp jupyterlab-settings/overrides.json $(VENV)/share/jupyter/lab/settings/
	cp jupyterlab-settings/jupyter_server_config.py $(VENV)/etc/jupyter/
	SCALING_LIB_WIDGETS=live $(BIN)/jupyter lab --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/_build/html/notebooks/chapters \
	  --ip 127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

bench: setup
	$(BIN)/python benchmarks/fit.py
	$(BIN)/python benchmarks/sim.py
	$(BIN)/python benchmarks/read_csv.py
	$(BIN)/python benchmarks/build.py

# Write every chapter as jupytext saves it (pyproject.toml's settings), so that opening and saving
# one in JupyterLab changes nothing; tests/test_roundtrip.py checks that.
tidy: setup
	$(BIN)/python -c 'import sys, jupytext; from jupytext.config import load_jupytext_configuration_file as load; \
	  c = load("pyproject.toml"); [jupytext.write(jupytext.read(p, config=c), p, fmt="md:myst", config=c) for p in sys.argv[1:]]' \
	  $$(grep -l '^kernelspec:' chapters/*.md)

# Re-resolve the pins (needs the package registry): requirements.in -> requirements.txt, and lab, each
# release with its files' hashes (tools/lock.py), the build tools pip, setuptools and wheel included.
LOCK := _build/lockenv/bin
lock:
	rm -rf _build/lockenv _build/locktools && $(PYTHON) -m venv _build/lockenv && $(PYTHON) -m venv _build/locktools
	$(LOCK)/pip install --quiet --upgrade pip setuptools wheel
	$(LOCK)/pip install --quiet -r requirements.in
	$(LOCK)/pip freeze --all --exclude-editable > _build/pins.txt
	$(LOCK)/pip install --quiet -c _build/pins.txt -r requirements-lab.in
	$(LOCK)/pip freeze --all --exclude-editable | grep -vxFf _build/pins.txt > _build/lab-pins.txt
	_build/locktools/bin/pip install --quiet pip-tools
	_build/locktools/bin/python tools/lock.py _build/pins.txt _build/lab-pins.txt
	rm -rf _build/lockenv _build/locktools

clean:
	rm -rf _build
