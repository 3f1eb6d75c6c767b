"""Reading the page's requests into the library's values: query strings into a `PlanRequest` and draft
options, a body or an upload into bytes and a file name. Mistakes are `OptionError`s naming the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Request
from werkzeug.datastructures import MultiDict

from drafter.errors import InputError, OptionError
from drafter.planning.request import DEFAULT_OCCASION, PlanRequest, split_keywords

PASTED_NAME = "粘贴的讲话稿.txt"


def plan_request(args: MultiDict, phrasebank: Path) -> PlanRequest:
    """The outline's query (topic, occasion, parts | keywords, variant, title, date, speaker) as a request."""
    keywords = args.get("keywords", "")
    return PlanRequest(
        topic=args.get("topic", ""),
        occasion=args.get("occasion") or DEFAULT_OCCASION,
        parts=_number(args, "parts", "部分数", int),
        keywords=split_keywords(keywords) if keywords.strip() else (),
        variant=_number(args, "variant", "写法序号", int) or 0,
        phrasebank=phrasebank,
        title=args.get("title", ""), date=args.get("date", ""), speaker=args.get("speaker", ""),
    )


def draft_options(args: MultiDict) -> dict[str, Any]:
    """What a draft adds to its outline: speaking time, per-part variants, comments and font profile."""
    minutes = _number(args, "minutes", "讲话时长（分钟）", float)
    if minutes is not None and minutes < 1:
        raise OptionError(f"讲话时长应不少于 1 分钟，而不是 {minutes:g}", "minutes")
    variants = args.get("part_variants", "").split(",") if args.get("part_variants") else []
    if not all(v.strip().isdigit() for v in variants):
        raise OptionError("各部分的写法序号应为逗号分隔的整数，如：0,1,0", "part_variants")
    return {
        "minutes": minutes,
        "part_variants": tuple(int(v) for v in variants),
        "comments": args.get("comments", "") in ("1", "true", "on", "yes"),
        "fonts": args.get("fonts", "gb2312"),
    }


def phrase_query(args: MultiDict) -> dict[str, Any]:
    """The look-up: words split at spaces (the bank's own vocabulary cuts unspaced text), kind, limit."""
    limit = _number(args, "limit", "条数", int)
    return {"query": args.get("q", "").split(), "kind": args.get("kind") or None, "limit": 20 if limit is None else limit}


def upload(request: Request) -> tuple[bytes, str]:
    """A speech sent as multipart `file`, or as the body itself (a paste), with the name to read it by."""
    if request.mimetype == "multipart/form-data":
        file = request.files.get("file")
        if file is None or not file.filename:
            raise InputError("请选择要上传的讲话稿文件（.txt、.docx、.doc 或 .pdf）")
        return file.read(), file.filename
    return request.get_data(), PASTED_NAME


def _number(args: MultiDict, field: str, label: str, kind: type) -> Any:
    value = args.get(field, "").strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise OptionError(f"{label}应为数字，而不是“{value}”", field) from None
