"""Looking a name up in one of fazhi's registries, with a did-you-mean message on a miss.

Indicators, charts and tables are plain mappings keyed by Chinese names that narratives
write; a misspelt name must produce a Chinese error that suggests the closest names instead
of a bare KeyError.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TypeVar

from .errors import FazhiError

T = TypeVar("T")


class UnknownName(FazhiError, KeyError):
    """A narrative or command asked for an indicator, chart or table that does not exist."""

    def __str__(self) -> str:  # KeyError would print the message quoted
        return str(self.args[0])


def did_you_mean(name: str, known: list[str]) -> str:
    """"您是否要找：「A」「B」？" for the known names closest to `name`, or ""."""
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.4)
    if not close:
        close = [k for k in known if name and (name in k or k in name)][:3]
    return f"您是否要找：{''.join(f'「{c}」' for c in close)}？" if close else ""


def lookup(registry: Mapping[str, T], name: str, what: str, listing: str) -> T:
    """`registry[name]`, or UnknownName naming `what` (e.g. "图表") and how to list them all."""
    try:
        return registry[name]
    except KeyError:
        raise UnknownName(f"没有名为「{name}」的{what}。{did_you_mean(name, list(registry))}{listing}") from None
