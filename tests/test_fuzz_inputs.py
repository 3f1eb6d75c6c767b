"""Fuzzing (slow): whatever a bank file or the command line holds, the answer is entries or output, or one
Chinese error line — never a traceback."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.bank.store import read_file
from drafter.cli import main
from drafter.errors import PhrasebankError

pytestmark = pytest.mark.slow
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
FIELDS = ["text", "kind", "count", "sources", "tokens", "level", "curated", "schema", "flags", "speaker", "note"]
entry_like = st.dictionaries(st.sampled_from(FIELDS), json_values | st.sampled_from(["heading", "安全", 1, [], {}]),
                             max_size=7)
lines = st.one_of(
    entry_like.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8")),
    json_values.map(lambda v: json.dumps(v).encode("utf-8")),
    st.binary(max_size=60),
)


@FUZZ
@given(content=st.lists(lines, max_size=6), bom=st.booleans())
def test_the_bank_reader_yields_entries_or_one_error(tmp_path, content, bom):
    path = tmp_path / "我的表述.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(line.replace(b"\n", b" ") for line in content))
    try:
        entries = list(read_file(path))
    except PhrasebankError as err:
        assert "\n" not in str(err) and str(err).startswith(str(path))
        return
    again = tmp_path / "again.jsonl"
    again.write_text("".join(e.to_json() + "\n" for e in entries), encoding="utf-8")
    assert [e.to_json() for e in read_file(again)] == list(dict.fromkeys(e.to_json() for e in entries))


texts = st.text(max_size=40) | st.sampled_from(["安全", "巩固拓展脱贫攻坚成果同乡村振兴有效衔接", "", " ", "\udcff", "a\nb"])
numbers = st.integers().map(str) | st.sampled_from(["9" * 20, "-1", "0", "1e308", "inf", "nan", "x"])
floats = st.floats(allow_nan=True).map(lambda f: str(f) if not math.isnan(f) else "nan") | numbers


def outcome_is_clean(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code != 0:
        errors = [line for line in result.output.splitlines() if line.startswith("错误：")]
        assert len(errors) == 1, result.output


@FUZZ
@given(topic=texts, parts=st.none() | numbers, variant=st.none() | numbers, keywords=st.none() | texts,
       occasion=st.none() | texts)
def test_outline_options(topic, parts, variant, keywords, occasion):
    args = ["outline", "--topic", topic]
    for flag, value in (("--parts", parts), ("--variant", variant), ("--keywords", keywords), ("--occasion", occasion)):
        if value is not None:
            args += [flag, value]
    outcome_is_clean(CliRunner().invoke(main, args))


@FUZZ
@given(query=st.lists(texts, max_size=3), kind=st.none() | texts, limit=st.none() | numbers)
def test_phrase_options(query, kind, limit):
    args = ["phrase", "--", *query] if query else ["phrase"]
    args[1:1] = [*(["--kind", kind] if kind is not None else []), *(["--limit", limit] if limit is not None else [])]
    outcome_is_clean(CliRunner().invoke(main, args))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts, date=texts, speaker=texts, minutes=st.none() | floats)
def test_draft_header_and_minutes(tmp_path, title, date, speaker, minutes):
    out = tmp_path / "d.docx"
    args = ["draft", "--topic", "安全", "--title", title, "--date", date, "--speaker", speaker, "-o", str(out), "--force"]
    result = CliRunner().invoke(main, args + (["--minutes", minutes] if minutes is not None else []))
    outcome_is_clean(result)
