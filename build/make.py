"""Build the self-contained app: `.venv/bin/python build/make.py` (any OS, with its own Python).

Runs PyInstaller on build/waymark.spec (scratch in .pyi-work/, output in dist/waymark/), then
packs dist/waymark into one archive: dist/waymark-<version>-<os>-<machine>.tar.gz (zip on
Windows), with sorted entries, fixed times, owners and modes, so the same inputs give the same
bytes. Prints the folder and archive sizes as JSON.

SOURCE_DATE_EPOCH defaults to the last commit's time; PYTHONHASHSEED is 0 for the build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "waymark.spec"
WORK = ROOT / ".pyi-work"
DIST = ROOT / "dist"
APP = DIST / "waymark"
ZIP_EPOCH_MIN = 315532800  # 1980-01-01: the earliest time a zip entry can hold


def source_date_epoch() -> int:
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        return int(env)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    return "0"


def run_pyinstaller(epoch: int) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED="0")
    # Never ./build: that is this folder (the spec lives here).
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--workpath", str(WORK),
           "--distpath", str(DIST), "--noconfirm", "--clean", "--log-level", "WARN"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def has_debug_sections(path: Path) -> bool:
    """True for a 64-bit little-endian ELF file carrying DWARF (.debug_*) sections or a full
    symbol table (.symtab), neither of which the dynamic loader reads."""
    with path.open("rb") as f:
        head = f.read(64)
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            return False
        shoff, = struct.unpack_from("<Q", head, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", head, 0x3A)
        if not shoff or not shnum or shstrndx >= shnum:
            return False
        f.seek(shoff)
        table = f.read(shentsize * shnum)
        if len(table) < shentsize * shnum:
            return False
        names_off, names_size = struct.unpack_from("<QQ", table, shstrndx * shentsize + 0x18)
        f.seek(names_off)
        names = f.read(names_size)
    return b".debug_info\x00" in names or b".symtab\x00" in names


def strip_debug(folder: Path) -> int:
    """Remove debugging information and full symbol tables from the shared libraries that
    ship them (Python's own library, SQLCipher's, cryptography's and PyYAML's extensions, ...):
    20-80 % of those files, nothing the app runs. `--strip-unneeded` keeps the dynamic symbols
    the loader needs; files in a wheel's `.libs/` folder, whose headers were rewritten when
    the wheel was made, are left alone. Returns the bytes saved; 0 where `strip` is not
    installed (the build still works, only larger)."""
    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        return 0
    saved = 0
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or any(
                part.endswith(".libs") for part in path.relative_to(folder).parts):
            continue
        if not has_debug_sections(path):
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def entries(folder: Path) -> list[Path]:
    """Every file, folder and link under `folder`, sorted, so archives list them in one order."""
    found = [folder]
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        base = Path(dirpath)
        found.extend(base / name for name in sorted(dirnames + filenames))
    return sorted(found, key=lambda p: p.relative_to(folder.parent).as_posix())


def _mode(path: Path) -> int:
    if path.is_dir() or os.access(path, os.X_OK):
        return 0o755
    return 0o644


def write_tar_gz(folder: Path, target: Path, epoch: int) -> None:
    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.mtime = epoch
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        if not info.issym():
            info.mode = 0o755 if info.isdir() or info.mode & 0o111 else 0o644
        return info

    with target.open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in entries(folder):
            name = path.relative_to(folder.parent).as_posix()
            tar.add(path, arcname=name, recursive=False, filter=normalise)


def write_zip(folder: Path, target: Path, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in entries(folder):
            name = path.relative_to(folder.parent).as_posix()
            if path.is_dir():
                info = zipfile.ZipInfo(name + "/", date_time=stamp)
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = (0o100000 | _mode(path)) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def archive_name() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower() or "unknown"
    ext = "zip" if sys.platform == "win32" else "tar.gz"
    return f"waymark-{version()}-{system}-{machine}.{ext}"


def main() -> int:
    epoch = source_date_epoch()
    started = time.monotonic()
    if APP.exists():
        shutil.rmtree(APP)
    run_pyinstaller(epoch)
    stripped = strip_debug(APP)
    built = time.monotonic()
    archive = DIST / archive_name()
    archive.unlink(missing_ok=True)
    if sys.platform == "win32":
        write_zip(APP, archive, epoch)
    else:
        write_tar_gz(APP, archive, epoch)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    mb = 1024 * 1024
    print(json.dumps({
        "folder": str(APP.relative_to(ROOT)),
        "folder_mb": round(folder_bytes(APP) / mb, 1),
        "symbols_removed_mb": round(stripped / mb, 1),
        "archive": str(archive.relative_to(ROOT)),
        "archive_mb": round(archive.stat().st_size / mb, 1),
        "archive_sha256": digest,
        "source_date_epoch": epoch,
        "pyinstaller_s": round(built - started, 1),
        "archive_s": round(time.monotonic() - built, 1),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
