"""Write files so that a reader never sees half a file and a failure never destroys the old one.

Every file-system refusal becomes a `WriteError` whose Chinese message names the file or folder
and says what to do: a folder that is a file, no write permission, a full disk, and the refusal
Windows gives when the target is open in another program (WPS, Acrobat: PermissionError on
`os.replace`), in which case the open file keeps its old content.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from .errors import FazhiError


class WriteError(FazhiError):
    """A file or folder could not be written; the message says which and why (in Chinese)."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def why_not_written(path: Path, exc: OSError) -> str:
    """A Chinese sentence naming `path` and the likely cause of `exc` (writing there failed)."""
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return f"无法写入 {path}：路径中的 {_blocking_file(path)} 是一个文件，不是文件夹。请改用其他输出目录，或移走该文件。"
    return f"无法写入 {path}：{_reason(exc)}"


def os_error_text(exc: OSError) -> str:
    """A Chinese sentence for a file-system refusal, naming the file when the error has one."""
    where = f" {exc.filename}" if exc.filename else ""
    return f"无法访问{where}：{_reason(exc)}"


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足。请清理磁盘或改用其他输出目录（--output-dir）后重试。"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长。请缩短名称或改用较短的目录。"
    if exc.errno == errno.EROFS:
        return "所在磁盘是只读的。请改用其他目录。"
    if exc.errno == errno.ELOOP:
        return "符号链接形成了循环。请改用实际的文件。"
    if isinstance(exc, FileNotFoundError):
        return "文件或文件夹不存在。"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件。请移走或重命名该文件夹，或指定文件路径。"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return "路径中有同名的文件挡住了文件夹，或目标已存在。请改用其他路径。"
    if isinstance(exc, PermissionError):
        return ("没有权限，或该文件正在 WPS、Acrobat 等程序中打开。"
                "请关闭该文件（或改用有写入权限的目录）后重试；原有文件保持不变。")
    return f"{exc.strerror or exc}。"


def _blocking_file(path: Path) -> Path:
    """The nearest ancestor of `path` that exists as something other than a folder."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return path.parent


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first, then move them all into place.

    If any write fails, nothing is replaced and every temporary is removed (also a half-written
    one, e.g. on a full disk), so a previous good output survives a failed render untouched;
    a `WriteError` says which file and why.
    """
    for target in files:
        if target.is_dir():
            raise WriteError(why_not_written(target, IsADirectoryError(errno.EISDIR, "is a directory")))
    staged: list[tuple[Path, Path]] = []
    current: Path | None = None  # the temporary being written, removed too if that fails
    target = next(iter(files), Path())
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            current = Path(tmp_name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(current, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
            staged.append((current, target))
            current = None
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        raise WriteError(why_not_written(target, exc)) from exc
    finally:
        for tmp in [*(t for t, _ in staged), *([current] if current else [])]:
            with suppress(OSError):  # a folder that became unwritable meanwhile: nothing more to do
                tmp.unlink(missing_ok=True)
