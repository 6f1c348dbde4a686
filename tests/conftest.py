"""Shared fixtures: temporary copies of the project and one real sample render."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample import ROOT, SAMPLE, copy_project

from fazhi.project import Project


@pytest.fixture()
def project_copy(tmp_path: Path) -> Project:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def sample_render(tmp_path_factory: pytest.TempPathFactory):
    """土门关乡 2024 rendered once, HTML and PDF, by the fast engine from the real project."""
    from fazhi.render import render_township

    out = tmp_path_factory.mktemp("sample-output")
    return render_township(Project.at(ROOT), *SAMPLE, output_dir=out)
