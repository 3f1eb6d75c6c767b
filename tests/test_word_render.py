"""LibreOffice renders the exported seed speech and a generated draft as a person would see them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from drafter.structure.length import measure
from drafter.structure.parser import parse_file
from planning import bank_alone
from wordxml import SEED, draft_file, export

FONTS_CONF = Path(__file__).parent / "fonts" / "fonts.conf"


pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils not installed: apt-get install libreoffice-writer-nogui "
           "poppler-utils fonts-noto-cjk fonts-arphic-ukai fonts-liberation2",
)
A4 = (595.3, 841.89)  # points


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """The exported seed speech and a generated draft (with comments), rendered by LibreOffice in one run."""
    folder = tmp_path_factory.mktemp("render")
    with bank_alone():  # the headings checked are the bank's, not the built-in 安全生产 sets
        files = {"seed": export(folder, SEED), "draft": draft_file(folder, "--comments")}
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, files.values())],
        check=True, capture_output=True, env=env, timeout=180,
    )
    return {name: path.with_suffix(".pdf") for name, path in files.items()}


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _flat(pdf: Path) -> str:
    return re.sub(r"\s+", "", _run("pdftotext", str(pdf), "-"))


def test_seed_renders_on_plausibly_many_a4_pages_with_every_heading(pdfs):
    info = _run("pdfinfo", str(pdfs["seed"]))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert f"{A4[0]:.1f}" in info and f"{A4[1]:.2f}" in info
    full_pages = measure(parse_file(SEED)).chars / (22 * 28)  # 22 lines of 28 characters
    assert full_pages <= pages <= full_pages * 1.5 + 1
    flat = _flat(pdfs["seed"])
    for block in parse_file(SEED).blocks():
        if not block.inline:
            assert re.sub(r"\s+", "", block.number + block.heading) in flat


def _installed(family: str) -> bool:
    return shutil.which("fc-list") is not None and family in _run("fc-list", ":", "family")


FACES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN", "Liberation Serif")


@pytest.mark.skipif(
    not all(map(_installed, FACES)),
    reason="fonts for tests/fonts/fonts.conf missing: apt-get install fonts-noto-cjk fonts-arphic-ukai fonts-liberation2",
)
def test_levels_render_in_different_faces(pdfs):
    fonts = _run("pdffonts", str(pdfs["seed"]))
    # 楷体 → AR PL UKai, 黑体 → Noto Sans CJK, 仿宋 → Noto Serif CJK, digits → Liberation Serif (tests/fonts/fonts.conf)
    assert all(face in fonts for face in ("UKai", "NotoSansCJK", "NotoSerifCJK", "LiberationSerif"))


def test_page_numbers_between_dashes_odd_right_even_left(pdfs):
    assert "—1—" in _flat(pdfs["seed"]) and "—2—" in _flat(pdfs["seed"])
    assert _page_number_x(pdfs["seed"], 1) > A4[0] / 2 > _page_number_x(pdfs["seed"], 2)


def test_draft_with_comments_renders_title_and_headings(pdfs):
    flat = _flat(pdfs["draft"])
    assert flat.startswith("在全市安全生产工作推进大会上的讲话（2022年6月8日）市委书记张三同志们：")
    for heading in ("一、提升标准，推动安全生产工作迈上新水平", "一是要提高政治站位。【此处展开，约", "三、狠抓落实"):
        assert heading in flat
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdfs["draft"]))).group(1))
    assert 2 <= pages <= 4


def _page_number_x(pdf: Path, page: int) -> float:
    """x of the page number "— N —" at the foot of `page`, from pdftotext's word boxes."""
    layout = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', layout)
    number = [(float(x), float(y)) for x, y, word in words if word == str(page)]
    x, y = max(number, key=lambda xy: xy[1])
    assert y > A4[1] - 35 * 2.835  # in the bottom margin, below the type area
    return x
