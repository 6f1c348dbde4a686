# Shortcuts for scripts/dev.sh (which works without make on a fresh machine).
.PHONY: report test setup bench
report:
	bash scripts/dev.sh report
test:
	bash scripts/dev.sh test
setup:
	bash scripts/dev.sh setup
bench:
	.venv/bin/python scripts/bench.py
