"""Old Word (.doc) and WPS (.wps) files, read by letting LibreOffice convert them to .docx.

No Python library reads these binary formats well; LibreOffice does, headless. Each conversion runs with
its own throw-away LibreOffice profile, so parallel runs (mining in worker processes) and a LibreOffice the
writer has open do not clash, and with a timeout, so a file that hangs the converter cannot hang drafter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from drafter.errors import InputError
from drafter.text import wordfile

TIMEOUT_SECONDS = 120
INSTALL_HINT = "读取 .doc/.wps 需要安装 LibreOffice（如 apt install libreoffice-writer-nogui），或在 Word/WPS 中另存为 .docx"
# Where installers put it when it is not on PATH.
_KNOWN_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class ConverterMissing(InputError):
    """LibreOffice is needed for this file and is not installed."""


def find_soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((place for place in _KNOWN_PLACES if os.path.isfile(place)), None)


def lines(path: Path) -> list[str]:
    """The text of a .doc or .wps file, converted to .docx and read as Word shows it."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(f"{path}：{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="drafter-office-") as work:
        converted = convert(soffice, path, Path(work))
        return wordfile.lines(converted)


def convert(soffice: str, path: Path, work: Path, to: str = "docx") -> Path:
    """Convert `path` into folder `work` with LibreOffice headless; the converted file's path."""
    profile = work / "profile"
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", to, "--outdir", str(work), str(path.resolve())]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"{path}：LibreOffice 转换超时（超过 {TIMEOUT_SECONDS} 秒），文件可能已损坏") from None
    except OSError as err:
        raise InputError(f"{path}：无法启动 LibreOffice（{err.strerror or err}）") from None
    converted = work / f"{path.stem}.{to}"
    if not converted.is_file():
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        detail = f"（{said[-1]}）" if said else ""
        raise InputError(f"{path}：LibreOffice 无法转换此文件，可能已损坏{detail}")
    return converted
