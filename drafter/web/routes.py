"""The HTTP face: each route reads its request, calls one use case of `drafter.app` (or the bank lookup) and
answers with JSON or a .docx. Library errors become `{"error": "<the library's one line>"}` with a 4xx."""

from __future__ import annotations

import hmac
import io
import logging
from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request, send_file
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from drafter.errors import DrafterError, OptionError
from drafter.web.banks import Banks
from drafter.web.forms import draft_options, phrase_query, plan_request, upload

MAX_UPLOAD_MB = 10
MAX_CORPUS_MB = 200
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
_log = logging.getLogger(__name__)


def create_app(banks: Banks, token: str | None = None) -> Flask:
    """The page and its API over `banks`; with `token`, every request must carry it (a non-loopback address)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_MB * 1024 * 1024
    app.json.sort_keys = False  # keys in the library's order, as the CLI prints them (and kinds in bank order)
    app.json.ensure_ascii = False
    app.before_request(_guard(token))
    app.after_request(_no_sniff)
    _errors(app)
    _pages(app)
    _api(app, banks)
    return app


def _guard(token: str | None):
    """Jupyter's rule: off loopback, the token (in the URL once, then a cookie) or 403. On loopback, only
    requests addressed to a loopback name, so a web page elsewhere cannot reach the server by DNS rebinding."""

    def check() -> Response | None:
        if token is None:
            if _hostname(request.host) not in LOOPBACK_HOSTS:
                return _error("只接受本机地址（127.0.0.1 或 localhost）的访问", 403)
            return None
        given = request.args.get("token") or request.cookies.get("drafter_token", "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return _error("需要访问令牌：请使用启动时显示的完整地址（含 ?token=…）", 403)
        return None

    return check


def _hostname(host: str) -> str:
    """The name in a Host header without its port: 127.0.0.1:8000 → 127.0.0.1, [::1]:8000 → [::1]."""
    return host[:host.index("]") + 1] if host.startswith("[") else host.split(":")[0]


def _no_sniff(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; connect-src 'self'"
    return response


def _error(message: str, status: int) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response


def _errors(app: Flask) -> None:
    @app.errorhandler(DrafterError)
    def library_error(err: DrafterError):
        response = jsonify(error=str(err), fields=list(err.fields) if isinstance(err, OptionError) else [])
        response.status_code = 400
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_err):
        limit = request.max_content_length // (1024 * 1024) if request.max_content_length else MAX_UPLOAD_MB
        return _error(f"上传的内容太大，上限为 {limit} MB", 413)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        messages = {404: "没有这个页面或接口", 405: "不支持这种请求方式", 400: "请求格式不正确"}
        return _error(messages.get(err.code or 400, "请求无法处理"), err.code or 400)

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        _log.exception("unexpected error")
        return _error(f"出现意外错误（{type(err).__name__}），请把操作步骤告诉维护人员", 500)


def _pages(app: Flask) -> None:
    @app.get("/")
    def page():
        from drafter.bank.store import KIND_NAMES
        from drafter.planning.skeleton import skeletons
        from drafter.text.reading import SPEECH_SUFFIXES

        response = Response(render_template("index.html", skeletons=skeletons(), kinds=KIND_NAMES,
                                             suffixes=SPEECH_SUFFIXES, max_upload=MAX_UPLOAD_MB))
        if request.args.get("token"):  # the token came in the URL: keep it for the page's own requests
            response.set_cookie("drafter_token", request.args["token"], httponly=True, samesite="Strict")
        return response


def _api(app: Flask, banks: Banks) -> None:
    @app.get("/api/outline")
    def outline():
        from drafter.app import outline as plan_outline
        from drafter.planning.outline import provenance

        notes: list[str] = []
        speech = plan_outline(plan_request(request.args, banks.active), draft_options(request.args)["part_variants"], notes)
        return jsonify({**speech.to_dict(), "provenance": provenance(speech), "notes": notes})

    @app.get("/api/length")
    def length():
        from drafter.app import sized_draft
        from drafter.structure.length import measure

        options = draft_options(request.args)
        minutes = options["minutes"]
        sized = measure(sized_draft(plan_request(request.args, banks.active), minutes, options["part_variants"]))
        return jsonify(chars=sized.chars, minutes=sized.minutes, describe=sized.describe(),
                       against=sized.against(minutes) if minutes else "")

    @app.get("/api/draft")
    def draft():
        from drafter.app import draft_bytes

        plan = plan_request(request.args, banks.active)
        data = draft_bytes(plan, **draft_options(request.args))
        return _docx(data, f"{plan.topic.strip()}讲话初稿.docx")

    @app.get("/api/phrase")
    def phrase():
        from drafter.bank.lookup import search

        hits = search(banks.active, **phrase_query(request.args))
        return jsonify([hit.to_dict() for hit in hits])

    @app.post("/api/parse")
    def parse():
        from drafter.app import read_speech_bytes

        return jsonify(read_speech_bytes(*upload(request)).to_dict())

    @app.post("/api/export")
    def export():
        from drafter.app import export_bytes

        data, name = upload(request)
        return _docx(export_bytes(data, name, fonts=request.args.get("fonts", "gb2312")), f"{Path(name).stem}.docx")

    @app.get("/api/bank")
    def bank():
        from drafter.app import bank_counts
        from drafter.bank.store import KIND_NAMES

        return jsonify(folder=str(banks.active), counts=bank_counts(banks.active), names=KIND_NAMES)

    @app.post("/api/bank")
    def mine():
        request.max_content_length = MAX_CORPUS_MB * 1024 * 1024
        job_id, corpus = banks.new_corpus()
        for file in request.files.getlist("files"):
            banks.keep(corpus, file.filename or "", file.read())
        job = banks.start(job_id, corpus)
        return jsonify(job=job_id, **job.to_dict())

    @app.get("/api/bank/jobs/<job_id>")
    def mining(job_id: str):
        job = banks.jobs.get(job_id)
        return jsonify(job.to_dict()) if job else _error("没有这项提炼任务", 404)


def _docx(data: bytes, name: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=name)
