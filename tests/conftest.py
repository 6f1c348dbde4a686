"""Shared fixtures: temporary copies of the project and one real sample render."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample import ROOT, SAMPLE, copy_project

from fazhi.project import Project


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's messages as a wide terminal shows them: rich sizes a captured console to 80
    columns, which wraps a temporary folder's long path inside a table cell."""
    from fazhi import cli

    monkeypatch.setattr(cli.console, "width", 1000)


@pytest.fixture()
def project_copy(tmp_path: Path) -> Project:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def sample_render(tmp_path_factory: pytest.TempPathFactory):
    """土门关乡 2024 rendered once, HTML and PDF, by the fast engine from the real project."""
    from fazhi.render import render_township

    out = tmp_path_factory.mktemp("sample-output")
    return render_township(Project.at(ROOT), *SAMPLE, output_dir=out)
