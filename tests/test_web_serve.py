"""`drafter serve` as a writer runs it: a real server process, its printed address, the token off loopback,
and a clean stop on Ctrl-C or kill, which removes the temporary banks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def running(*args: str, tmp: Path | None = None):
    """`drafter serve --no-browser ARGS` in a child process (temporary files in `tmp`); yields (process, URL)."""
    env = {**os.environ, "TMPDIR": str(tmp)} if tmp else None
    process = subprocess.Popen([sys.executable, "-m", "drafter", "serve", "--no-browser", *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        line = process.stdout.readline()
        match = re.search(r"http://\S+", line)
        assert match, line + process.stderr.read()
        yield process, match.group(0)
    finally:
        if process.poll() is None:
            process.terminate()  # a clean stop, which removes the server's temporary folder
            process.wait(timeout=10)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serves_on_loopback_and_stops_cleanly(stop, tmp_path):
    with running(tmp=tmp_path) as (process, url):
        assert list(tmp_path.glob("drafter-serve-*"))
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        status, page = get(url)
        assert status == 200 and "起草" in page
        process.send_signal(stop)
        out, err = process.communicate(timeout=10)
        assert process.returncode == 0, err
        assert "已停止" in out and "Traceback" not in err
        assert not list(tmp_path.glob("drafter-serve-*"))  # the server's temporary banks are gone


@pytest.mark.skipif(sys.platform == "win32", reason="binds every interface")
def test_other_address_needs_the_token():
    with running("--host", "0.0.0.0") as (_process, url):
        assert "0.0.0.0" not in url  # named by the machine's name, which colleagues can reach
        token_url = re.sub(r"//[^:/]+:", "//127.0.0.1:", url)
        assert "?token=" in token_url
        assert get(token_url.split("?")[0])[0] == 403
        assert get(token_url)[0] == 200
        assert get(token_url.replace("/?", "/api/outline?topic=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7&"))[0] == 200


def test_port_in_use_is_one_line():
    with running() as (_process, url):
        port = url.rsplit(":", 1)[1].strip("/")
        result = subprocess.run([sys.executable, "-m", "drafter", "serve", "--no-browser", "--port", port],
                                capture_output=True, text=True, encoding="utf-8", timeout=30)
        assert result.returncode != 0 and result.stderr.startswith("错误：") and "Traceback" not in result.stderr


def test_missing_bank_is_refused_at_start(tmp_path):
    result = subprocess.run([sys.executable, "-m", "drafter", "serve", "--no-browser", "--phrasebank", str(tmp_path / "无")],
                            capture_output=True, text=True, encoding="utf-8", timeout=30)
    assert result.returncode != 0 and "表述库文件夹不存在" in result.stderr and "Traceback" not in result.stderr
