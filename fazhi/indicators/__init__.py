"""The indicator catalogue and its computation: every figure the report states.

`CATALOGUE` defines each indicator once (`catalogue.py`, built from the self-describing
measures in `measures.py`); `compute_indicators` evaluates it for a year and its earlier years
(`values.py`); `catalogue_markdown` writes docs/indicators.md.
"""

from __future__ import annotations

from .catalogue import CATALOGUE, Indicator, catalogue_markdown
from .values import NOT_APPLICABLE, IndicatorSet, Value, compute_indicators

__all__ = ["CATALOGUE", "NOT_APPLICABLE", "Indicator", "IndicatorSet", "Value", "catalogue_markdown", "compute_indicators"]
