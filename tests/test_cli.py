"""The command line speaks Chinese, for its own mistakes as for the user's."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sample import ROOT

from fazhi.cli import main


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["render", "--township", "土门关乡", "--year", "abc"], "参数 --year 应为整数，现为 'abc'"),
        (["render", "--township", "土门关乡"], "缺少必需的参数：--year"),
        (["render", "--year", "2024", "--engine", "slow"], "参数 --engine 的取值 'slow' 无效"),
        (["render", "--year", "2024", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_argument_mistakes_are_explained_in_chinese(argv, said, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert said in err and "用法：fazhi" in err and "--help」查看用法" in err


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：fazhi render") and "显示本帮助并退出" in out and "show this help" not in out


def test_a_misspelt_township_gets_a_suggestion(capsys):
    assert main(["render", "--township", "土门关", "--year", "2024"]) == 1
    err = capsys.readouterr().err
    assert "是否指「土门关乡」？" in err


def test_a_bad_format_is_refused(capsys):
    assert main(["render", "--township", "土门关乡", "--year", "2024", "--to", "doc"]) == 1
    assert "不支持的输出格式：doc" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["../../evil", "a/b", "..", "a\\\\b", " "])
def test_a_township_name_cannot_leave_the_data_folder(name, capsys, tmp_path):
    assert main(["template", "--root", str(tmp_path), "--township", name, "--year", "2025"]) == 1
    assert "不能包含" in capsys.readouterr().err
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


RUN = "import atexit, sys; atexit.register(print, 'EXIT-HANDLERS-RAN'); from fazhi.cli import run; run()"


@pytest.mark.parametrize(("argv", "code"), [(["fonts"], 0), (["render", "--township", "不存在乡", "--year", "2024"], 1)])
def test_the_command_ends_with_its_exit_code_after_the_exit_handlers(argv, code, tmp_path):
    # run() leaves without the interpreter's teardown: the code and the exit handlers must survive that
    done = subprocess.run([sys.executable, "-c", RUN, *argv, *(["--root", str(ROOT)] if argv[0] == "render" else [])],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False)
    assert done.returncode == code
    assert done.stdout.rstrip().endswith("EXIT-HANDLERS-RAN")
