"""Open a local HTML file in headless Chromium with no network and report what it did.

Chromium's NetLog records every request; the ones the page made carry a network isolation
key of the file:// page, which separates them from Chromium's own background traffic.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=127.0.0.1:9",  # a closed port: nothing could leave even if requested
    "--virtual-time-budget=8000",
]


@dataclass(frozen=True)
class PageLoad:
    dom: str
    requests: tuple[str, ...]  # URLs the page itself asked for, other than its own file


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def load_offline(page: Path) -> PageLoad:
    with tempfile.TemporaryDirectory() as tmp:
        netlog = Path(tmp) / "netlog.json"
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={tmp}/profile", f"--log-net-log={netlog}", "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )
        events = json.loads(netlog.read_text())["events"]
    own = page.resolve().as_uri()
    requests = sorted({
        e["params"]["url"]
        for e in events
        if "url" in e.get("params", {})
        and "file://" in e["params"].get("network_isolation_key", "")
        and e["params"]["url"] != own
    })
    return PageLoad(done.stdout, tuple(requests))


def external_urls(page: str) -> list[str]:
    """Every resource or link outside the page named by its markup or styles.

    Script bodies are left out: plotly.js carries dormant URL strings (map tile servers, its
    own CDN for features fazhi never uses) that the page never requests; the end-to-end test
    loads the page in Chromium with the network off and checks that no request is made.
    """
    markup = re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S | re.I)
    url_attribute = r"""(?:src|href|action|poster|data)\s*=\s*["']?((?:[a-z][a-z0-9+.-]*:)?//[^"'\s>]+)"""
    attributes = re.findall(url_attribute, markup, flags=re.I)
    styles = re.findall(r"""(?:url\(|@import\s+)["']?((?:[a-z][a-z0-9+.-]*:)?//[^"')\s]+)""", markup, flags=re.I)
    return sorted(set(attributes + styles))
