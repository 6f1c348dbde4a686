"""`python -m fazhi.indicators > docs/indicators.md` regenerates the indicator reference."""

from __future__ import annotations

import sys

from . import catalogue_markdown

sys.stdout.write(catalogue_markdown())
