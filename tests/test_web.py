"""`drafter serve` through Flask's test client: every route, its bad input, the upload limit, the token rule."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.resources import bundled
from drafter.web.banks import Banks
from drafter.web.routes import create_app
from drafter.web.server import Address, is_loopback

SPEECH = "同志们：\n今天召开会议。下面，我讲两点意见。\n一、提高认识\n要高度重视。\n二、狠抓落实\n要真抓实干。\n谢谢大家！\n"


@pytest.fixture
def client(tmp_path):
    return create_app(Banks(tmp_path)).test_client()


def cli_json(*args: str):
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # notes on built-in material go to stderr


def assert_error(response, status: int) -> str:
    """A 4xx answer is one Chinese line in `error`, never a page or a traceback."""
    assert response.status_code == status
    message = response.get_json()["error"]
    assert message and "\n" not in message and "Traceback" not in message
    assert re.search(r"[\u4e00-\u9fff]", message)
    return message


# ---------------------------------------------------------------- the page


def test_page_lists_the_occasions_and_tabs(client):
    page = client.get("/").get_data(as_text=True)
    for word in ("起草", "查表述", "排版", "语料", "工作推进会", "座谈交流会点评", "webkitdirectory", ".pdf", ".doc"):
        assert word in page


def test_unknown_route_is_a_json_error(client):
    assert_error(client.get("/api/nothing"), 404)


# ---------------------------------------------------------------- outline, length, draft


def test_outline_is_the_cli_json(client):
    query = {"topic": "安全生产", "occasion": "座谈交流会点评", "keywords": "安全,发展,民生,法治", "variant": "1"}
    answer = client.get("/api/outline", query_string=query)
    assert answer.status_code == 200
    assert list(answer.get_json()) == list(cli_json("outline", "--topic", "安全生产"))  # the same key order
    assert answer.get_json() == cli_json("outline", "--topic", "安全生产", "--occasion", "座谈交流会点评",
                                          "--keywords", "安全,发展,民生,法治", "--variant", "1")


def test_outline_says_where_built_in_material_stands_in(client):
    notes = client.get("/api/outline", query_string={"topic": "安全生产", "occasion": "动员部署会"}).get_json()["notes"]
    assert "表述库中没有合用的开场，用了内置的通用写法" in notes


def test_one_part_takes_another_variant(client):
    plain = client.get("/api/outline", query_string={"topic": "安全生产"}).get_json()
    other = client.get("/api/outline", query_string={"topic": "安全生产", "variant": "1"}).get_json()
    mixed = client.get("/api/outline", query_string={"topic": "安全生产", "part_variants": "0,1,0"}).get_json()
    headings = [[p["heading"] for p in s["parts"]] for s in (plain, other, mixed)]
    assert headings[2] == [headings[0][0], headings[1][1], headings[0][2]]


@pytest.mark.parametrize("query, field", [
    ({"topic": "安全生产", "occasion": "不存在的会"}, None),
    ({"topic": ""}, "topic"),
    ({"topic": "安全生产", "parts": "三"}, "parts"),
    ({"topic": "安全生产", "parts": "3", "keywords": "安全,发展"}, "parts"),
    ({"topic": "安全生产", "part_variants": "0,x"}, "part_variants"),
])
def test_outline_bad_input(client, query, field):
    answer = client.get("/api/outline", query_string=query)
    assert_error(answer, 400)
    if field:
        assert field in answer.get_json()["fields"]


def test_length_against_minutes(client):
    answer = client.get("/api/length", query_string={"topic": "安全生产", "minutes": "10"}).get_json()
    assert "分钟" in answer["describe"] and answer["against"].startswith("目标 10 分钟")


def test_draft_downloads_a_docx_that_reads_back(client, tmp_path):
    from drafter.structure.parser import parse_file

    answer = client.get("/api/draft", query_string={"topic": "安全生产", "date": "2022年6月8日", "speaker": "张三",
                                                    "minutes": "15", "comments": "1"})
    assert answer.status_code == 200 and answer.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in answer.headers["Content-Disposition"]
    path = tmp_path / "初稿.docx"
    path.write_bytes(answer.data)
    outline = client.get("/api/outline", query_string={"topic": "安全生产"}).get_json()
    assert [p.heading for p in parse_file(path).parts] == [p["heading"] for p in outline["parts"]]


@pytest.mark.parametrize("query", [{"topic": "安全生产", "minutes": "0"}, {"topic": "安全生产", "occasion": "不存在的会"},
                                   {"topic": "安全生产", "fonts": "花体"}])
def test_draft_bad_input(client, query):
    assert_error(client.get("/api/draft", query_string=query), 400)


def test_unexpected_failure_is_one_line_not_a_traceback(client, monkeypatch):
    import drafter.app

    monkeypatch.setattr(drafter.app, "outline", lambda *_: 1 / 0)
    assert "ZeroDivisionError" in assert_error(client.get("/api/outline", query_string={"topic": "安全生产"}), 500)


# ---------------------------------------------------------------- phrase


def test_phrase_is_the_cli_json(client):
    answer = client.get("/api/phrase", query_string={"q": "安全 底线", "kind": "heading", "limit": "5"})
    assert answer.get_json() == cli_json("phrase", "安全", "底线", "--kind", "heading", "--limit", "5")


@pytest.mark.parametrize("query", [{"q": "落实", "kind": "没有这类"}, {"q": ""}, {"q": "落实", "limit": "多"}])
def test_phrase_bad_input(client, query):
    assert_error(client.get("/api/phrase", query_string=query), 400)


# ---------------------------------------------------------------- parse, export


def test_parse_body_is_the_cli_json(client, tmp_path):
    path = tmp_path / "粘贴的讲话稿.txt"
    path.write_text(SPEECH, encoding="utf-8")
    answer = client.post("/api/parse", data=SPEECH.encode(), content_type="text/plain; charset=utf-8")
    assert answer.get_json() == cli_json("parse", str(path))


def test_parse_upload_in_gbk(client):
    data = {"file": (io.BytesIO(SPEECH.encode("gb18030")), "讲话.txt")}
    speech = client.post("/api/parse", data=data, content_type="multipart/form-data").get_json()
    assert speech["file"] == "讲话.txt" and [p["heading"] for p in speech["parts"]] == ["提高认识", "狠抓落实"]


def test_parse_upload_of_word_and_pdf(client):
    from saved import cid_pdf

    docx = client.get("/api/draft", query_string={"topic": "安全生产"}).data
    outline = client.get("/api/outline", query_string={"topic": "安全生产"}).get_json()
    for data, name, headings in ((docx, "初稿.docx", [p["heading"] for p in outline["parts"]]),
                                 (cid_pdf(["同志们：", "一、提高认识", "二、狠抓落实"]), "讲话.pdf", ["提高认识", "狠抓落实"])):
        answer = client.post("/api/parse", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
        assert [p["heading"] for p in answer.get_json()["parts"]] == headings, name


@pytest.mark.parametrize("body, name, words", [
    (b"", None, "为空"),
    (b"   \n\n", None, "为空"),
    (bytes(range(256)) * 40, "图片.txt", "二进制"),
    (b"PK\x03\x04 not really a zip", "坏文件.docx", "Word"),
])
def test_parse_bad_input(client, body, name, words):
    if name:
        answer = client.post("/api/parse", data={"file": (io.BytesIO(body), name)}, content_type="multipart/form-data")
    else:
        answer = client.post("/api/parse", data=body)
    message = assert_error(answer, 400)
    assert words in message
    assert "/tmp" not in message and "drafter-" not in message  # the temporary copy is never named


def test_parse_multipart_without_file(client):
    assert_error(client.post("/api/parse", data={"other": "x"}, content_type="multipart/form-data"), 400)


def test_upload_of_20_mb_is_refused(client):
    big = io.BytesIO(SPEECH.encode() * (20 * 1024 * 1024 // len(SPEECH.encode())))
    answer = client.post("/api/parse", data={"file": (big, "大.txt")}, content_type="multipart/form-data")
    assert "10 MB" in assert_error(answer, 413)
    assert_error(client.post("/api/export", data=b"x" * (20 * 1024 * 1024)), 413)


def test_export_returns_the_house_style_docx(client, tmp_path):
    from drafter.structure.parser import parse_file

    answer = client.post("/api/export", data={"file": (io.BytesIO(SPEECH.encode()), "会议讲话.txt")},
                         content_type="multipart/form-data")
    assert answer.status_code == 200 and "filename*=UTF-8''%E4%BC%9A%E8%AE%AE" in answer.headers["Content-Disposition"]
    path = tmp_path / "out.docx"
    path.write_bytes(answer.data)
    assert [p.heading for p in parse_file(path).parts] == ["提高认识", "狠抓落实"]


def test_export_bad_input(client):
    assert_error(client.post("/api/export", data=b""), 400)
    assert_error(client.post("/api/export?fonts=花体", data=SPEECH.encode()), 400)


# ---------------------------------------------------------------- bank


def test_bank_counts_of_the_bundled_bank(client):
    bank = client.get("/api/bank").get_json()
    assert bank["counts"]["heading"] > 0 and bank["names"]["heading"] == "标题"
    assert list(bank["counts"])[:2] == ["salutation", "opening"]  # the bank's kind order


def test_mining_an_uploaded_folder_switches_the_bank(client):
    files = [(io.BytesIO(p.read_bytes()), f"语料/{p.name}") for p in sorted(bundled("corpus").glob("*.txt"))]
    files.append((io.BytesIO(b"\x00\x01\x02" * 50), "语料/坏文件.txt"))
    words = (io.BytesIO("平安建设\n".encode()), "语料/词表/archive_topics.txt")  # a word list, not a speech
    stray = (io.BytesIO(SPEECH.encode()), "语料/../../逃出.txt")
    started = client.post("/api/bank", data={"files": [*files, words, stray]}, content_type="multipart/form-data").get_json()
    assert started["total"] == len(files) + 1  # the stray file lands inside the upload folder
    job = started
    deadline = time.monotonic() + 60
    while job["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/bank/jobs/{started['job']}").get_json()
    assert job["state"] == "done", job
    assert job["done"] == len(files) + 1
    assert any(reason.startswith("坏文件.txt：") for reason in job["skipped"]), job["skipped"]  # named as uploaded
    bank = client.get("/api/bank").get_json()
    assert bank["counts"] == job["counts"] and Path(bank["folder"]).name == "bank"
    hits = client.get("/api/phrase", query_string={"q": "落实"}).get_json()
    assert hits and all(not s["file"].startswith("/") for hit in hits for s in hit["sources"])


def test_mining_nothing_fails_with_a_message(client):
    started = client.post("/api/bank", data={}, content_type="multipart/form-data").get_json()
    job = started
    while job["state"] == "running":
        time.sleep(0.05)
        job = client.get(f"/api/bank/jobs/{started['job']}").get_json()
    assert job["state"] == "failed" and "没有讲话稿" in job["error"]


def test_unknown_mining_job(client):
    assert_error(client.get("/api/bank/jobs/nope"), 404)


# ---------------------------------------------------------------- who may ask


def test_loopback_refuses_other_host_names(client):
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert_error(client.get("/", headers={"Host": "evil.example:8000"}), 403)


def test_token_required_off_loopback(tmp_path):
    client = create_app(Banks(tmp_path), token="secret-token").test_client()
    assert_error(client.get("/", headers={"Host": "192.168.1.5:8000"}), 403)
    assert_error(client.get("/api/outline?topic=安全生产&token=wrong"), 403)
    first = client.get("/?token=secret-token", headers={"Host": "192.168.1.5:8000"})
    assert first.status_code == 200 and "drafter_token=secret-token" in first.headers["Set-Cookie"]
    assert client.get("/api/outline?topic=安全生产", headers={"Host": "192.168.1.5:8000"}).status_code == 200  # the cookie


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_address_carries_the_token():
    import socket

    assert Address("127.0.0.1", 8000, None).url() == Address("127.0.0.1", 8000, None).local_url == "http://127.0.0.1:8000/"
    assert Address("::1", 8000, None).url() == "http://[::1]:8000/"
    assert Address("0.0.0.0", 8000, "t").url() == f"http://{socket.gethostname()}:8000/?token=t"
    assert Address("0.0.0.0", 8000, "t").local_url == "http://127.0.0.1:8000/?token=t"


# ---------------------------------------------------------------- nothing leaves the machine

STATIC = Path(__file__).resolve().parents[1] / "drafter" / "web" / "static"
_REMOTE = re.compile(r"(?:https?:)?//(?!127\.0\.0\.1|localhost)[\w.-]+\.[a-z]{2,}", re.I)


def test_no_url_points_off_the_machine(client):
    texts = {path.name: path.read_text(encoding="utf-8") for path in STATIC.rglob("*") if path.is_file()}
    texts["/"] = client.get("/").get_data(as_text=True)
    for name, text in texts.items():
        assert not _REMOTE.findall(text), name
        assert "@import" not in text and "@font-face" not in text, name
