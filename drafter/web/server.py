"""Running the page: waitress on 127.0.0.1 (any other address only when asked, and then behind a token),
the writer's browser opened on it, a clean stop on Ctrl-C, uploaded banks removed with the server."""

from __future__ import annotations

import ipaddress
import secrets
import shutil
import signal
import socket
import tempfile
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import UsageError

LOOPBACK = "127.0.0.1"
WILDCARDS = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class Address:
    """Where the page is served, with the token when one is needed."""

    host: str
    port: int
    token: str | None

    def url(self, host: str | None = None) -> str:
        """The page's URL on `host` (default: the address served; every interface is named by this
        machine's name, which colleagues can reach)."""
        host = host or (socket.gethostname() if self.host in WILDCARDS else self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/" + (f"?token={self.token}" if self.token else "")

    @property
    def local_url(self) -> str:
        """The URL this machine's browser opens."""
        return self.url(LOOPBACK if self.host in WILDCARDS else None)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1 and localhost: addresses no other machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str = LOOPBACK, port: int = 0, *, phrasebank: str | Path | None = None, open_browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Serve the page until Ctrl-C; `port` 0 picks a free one. `say` hears the address and the stop."""
    from waitress.server import create_server

    from drafter.app import bank_counts
    from drafter.web.banks import Banks
    from drafter.web.routes import create_app

    token = None if is_loopback(host) else secrets.token_urlsafe(24)
    home = Path(tempfile.mkdtemp(prefix="drafter-serve-"))
    try:
        banks = Banks(home, phrasebank)
        bank_counts(banks.active)  # an unusable bank is refused now, in one line, not on every request
        try:
            server = create_server(create_app(banks, token), host=host, port=port, threads=8, ident="drafter")
        except OSError as err:
            raise UsageError(f"无法在 {host}:{port} 上启动服务（{err.strerror or err}）") from None
        address = Address(host, server.effective_port, token)
        say(f"drafter 已启动：{address.url()}")
        if token:
            say("注意：此地址可从其他计算机访问，请只把含令牌的完整地址告诉需要使用的人。")
        say("按 Ctrl-C 停止。")
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(address.local_url,)).start()
        _stop_on_signals()
        try:
            server.run()  # returns on Ctrl-C: waitress stops its workers itself
        finally:
            server.close()
        say("已停止。")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _stop_on_signals() -> None:
    """Ctrl-C stops the server even when started in the background (where SIGINT is inherited ignored),
    and so does a plain `kill` (SIGTERM): both end in the same clean stop, temporary banks removed."""
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)
