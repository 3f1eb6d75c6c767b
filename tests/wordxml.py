"""Reading a .docx back as XML for the house-style tests, with Word's style inheritance resolved."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from drafter.cli import main
from drafter.resources import bundled
from planning import bank_alone

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEED = bundled("corpus") / "动员部署会_二十大安保维稳.txt"  # three levels: 一、 (一) 一要, inline 一是
DRAFT_OPTIONS = ["--topic", "安全生产", "--date", "2022年6月8日", "--speaker", "市委书记 张三", "--minutes", "15"]


class Doc:
    """A .docx read back as XML, with Word's style inheritance resolved for the checks."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as package:
            self.names = package.namelist()
            self.parts = {name: etree.fromstring(package.read(name)) for name in self.names if name.endswith((".xml", ".rels"))}
        self.body = self.parts["word/document.xml"].find(f"{W}body")
        self.styles = {s.get(f"{W}styleId"): s for s in self.parts["word/styles.xml"].iter(f"{W}style")}
        self.defaults = self.parts["word/styles.xml"].find(f"{W}docDefaults")

    def paragraphs(self):
        return self.body.findall(f"{W}p")

    def para(self, start: str):
        """The first paragraph whose text starts with `start`."""
        return next(p for p in self.paragraphs() if text(p).startswith(start))

    def _chain(self, style_id: str | None):
        while style_id:
            style = self.styles[style_id]
            yield style
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def ppr(self, p, tag: str, attr: str):
        """A paragraph property as Word resolves it: direct, then the style chain, then the defaults."""
        sources = [p.find(f"{W}pPr"), *(s.find(f"{W}pPr") for s in self._chain(style_of(p, "pStyle")))]
        return _first(sources + [self.defaults.find(f"{W}pPrDefault/{W}pPr")], tag, attr)

    def rpr(self, p, r, tag: str, attr: str = "val"):
        """A run property as Word resolves it: run, character style, paragraph style, document defaults."""
        sources = [r.find(f"{W}rPr"), *(s.find(f"{W}rPr") for s in self._chain(style_of(r, "rStyle")))]
        sources += [s.find(f"{W}rPr") for s in self._chain(style_of(p, "pStyle"))]
        return _first(sources + [self.defaults.find(f"{W}rPrDefault/{W}rPr")], tag, attr)

    def bold(self, p, r) -> bool:
        return self.rpr(p, r, "b", "") == "on"


def _first(sources, tag: str, attr: str):
    for props in sources:
        element = props.find(f"{W}{tag}") if props is not None else None
        if element is not None and (attr == "" or element.get(f"{W}{attr}") is not None):
            return element.get(f"{W}{attr}", "on") if attr else "on"
    return None


def style_of(element, tag: str) -> str | None:
    found = element.find(f"{W}pPr/{W}{tag}") if tag == "pStyle" else element.find(f"{W}rPr/{W}{tag}")
    return found.get(f"{W}val") if found is not None else None


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def runs(p):
    return [r for r in p.findall(f"{W}r") if r.find(f"{W}t") is not None]


def export(tmp_path: Path, source: Path, *args: str) -> Path:
    out = tmp_path / f"{source.stem}.docx"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def draft_file(folder: Path, *args: str) -> Path:
    """`drafter draft` on the bundled phrasebank (mined from the bundled corpus)."""
    out = folder / "draft.docx"
    result = CliRunner().invoke(main, ["draft", *DRAFT_OPTIONS, "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seed_doc(tmp_path_factory) -> Doc:
    return Doc(export(tmp_path_factory.mktemp("seed"), SEED))


@pytest.fixture(scope="module")
def draft_doc(tmp_path_factory) -> Doc:
    """A draft on the bank alone: the checks name the bank's headings and the corpus paragraphs they come
    from, not the built-in 安全生产 sets."""
    with bank_alone():
        return Doc(draft_file(tmp_path_factory.mktemp("draft"), "--comments"))
