# Two entry points that set everything up on a fresh Debian machine (as root) and then run:
#   make demo   renders the flagship animation
#   make test   runs the test suite
# Each installs only what is missing; a second run starts at once.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.rnnviz-installed
# torch is pinned here (a CPU wheel lies on disk); an unpinned torch pulls a multi-GB CUDA build.
TORCH := torch==2.13.0
DEB_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra dvisvgm \
	fonts-noto-cjk gifsicle
# Only the tests need a browser: they open the gallery of `rnnviz figures` in headless Chromium.
TEST_DEB_PACKAGES := chromium

.PHONY: demo test system test-system venv clean

demo: system $(STAMP)
	$(BIN)/rnnviz doctor
	$(BIN)/rnnviz render lstm --sentence "what time is it" -o lstm-step.gif

# One test process per CPU (pytest-xdist): the renders dominate and run side by side.
test: system test-system $(STAMP)
	$(BIN)/python -m pytest -n logical

system: PACKAGES = $(DEB_PACKAGES)
test-system: PACKAGES = $(TEST_DEB_PACKAGES)
system test-system:
	@missing=$$(for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $(TORCH)
	$(BIN)/pip install -q -e '.[test]' $(TORCH)
	touch $@

clean:
	rm -rf $(VENV) build dist media *.egg-info
