"""Atomic file replacement (temp file, fsync, rename, fsync of the folder), and putting a vault
built in a temporary folder into place."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file, whole."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_builds(folder: Path) -> None:
    """Temporary build folders beside `folder` left by a set-up killed an hour or more ago."""
    for old in folder.parent.glob(f".{folder.name}.init-*"):
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old)


def move_into_place(build: Path, folder: Path, replacing: bool, db_name: str, keys_name: str,
                    extra_names: tuple[str, ...]) -> Path | None:
    """Rename a vault built in `build` to `folder`; returns where a half-made vault that was
    there was moved, if any."""
    aside = None
    if replacing:
        # Moved aside, not deleted: if vault.keys was in fact lost from a real vault, a backup
        # of it still opens these files.
        aside = folder / f"unfinished-{time.strftime('%Y%m%d-%H%M%S')}"
        aside.mkdir(mode=0o700)
        for name in (db_name, *extra_names):
            with contextlib.suppress(FileNotFoundError):
                os.replace(folder / name, aside / name)
    if folder.exists() and not any(folder.iterdir()):
        folder.rmdir()
    if not folder.exists():
        os.replace(build, folder)  # one rename: the vault appears whole or not at all
        os.chmod(folder, 0o700)
        fsync_dir(folder.parent)
        return aside
    # The folder holds other files (a lock file, the user's own): move the database, then
    # the key header last; until the header exists the folder is not a vault.
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    os.replace(build / db_name, folder / db_name)
    fsync_dir(folder)
    os.replace(build / keys_name, folder / keys_name)
    fsync_dir(folder)
    shutil.rmtree(build, ignore_errors=True)
    return aside
