"""A real headless Chromium, driven over the DevTools protocol on a pipe (no extra package).

:class:`Browser` starts Debian's ``chromium`` with a fresh profile and no network services,
opens pages, evaluates JavaScript, collects console messages, log entries, exceptions and
every request, and takes screenshots.

.. code-block:: python

    with Browser() as browser:
        page = browser.open(Path("index.html"))
        browser.evaluate(page, "document.images.length")
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-pipe",
)


def chromium_path() -> str | None:
    return shutil.which("chromium")


def _above_nine(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


@dataclass
class Page:
    """An open tab: its session, and what happened in it."""

    session: str
    console: list[str] = field(default_factory=list)
    """Console calls of level error or warning, log entries of level error or warning, exceptions."""
    requests: list[str] = field(default_factory=list)
    """Every URL the page requested."""


class Browser:
    """Chromium over ``--remote-debugging-pipe``: JSON messages ended by NUL on fds 3 and 4."""

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="rnnviz-chromium-")
        to_browser, self._commands = os.pipe()
        self._replies, from_browser = os.pipe()
        # Above 9, so that the shell's redirections below cannot overwrite one with the other.
        to_browser, from_browser = (_above_nine(fd) for fd in (to_browser, from_browser))
        args = [chromium_path() or "chromium", *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"]
        # bash (dash takes one-digit fds only) puts the pipe ends on the fds Chromium reads (3) and writes (4).
        self._process = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{to_browser} 4>&{from_browser}', "bash", *args],
            pass_fds=(to_browser, from_browser), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self._pages: dict[str, Page] = {}

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._send("Browser.close")
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, EOFError):
            self._process.kill()
            self._process.wait()
        finally:
            os.close(self._commands)
            os.close(self._replies)
            self._profile.cleanup()

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._replies], [], [], self.timeout)
            chunk = os.read(self._replies, 1 << 16) if ready else b""
            if not chunk:
                raise EOFError("chromium stopped answering")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        self._note(message)
        return message

    def _note(self, message: dict[str, Any]) -> None:
        page = self._pages.get(message.get("sessionId", ""))
        method, params = message.get("method"), message.get("params", {})
        if page is None or method is None:
            return
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
            page.console.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            page.console.append(params["entry"]["text"])
        elif method == "Runtime.exceptionThrown":
            page.console.append(params["exceptionDetails"]["text"])
        elif method == "Network.requestWillBeSent":
            page.requests.append(params["request"]["url"])

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send a command and return its result (events arriving meanwhile are noted)."""
        wanted = self._send(method, params, session)
        while (message := self._receive()).get("id") != wanted:
            pass
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message["result"]

    def wait_for(self, page: Page, event: str) -> None:
        while not (message := self._receive()).get("method") == event or message.get("sessionId") != page.session:
            pass

    def open(self, path: Path, width: int = 1400, height: int = 900) -> Page:
        """Open a file in a new tab and wait for its load event (every image loaded or failed)."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = self._pages[session] = Page(session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        self.call("Page.navigate", {"url": path.resolve().as_uri()}, session)
        self.wait_for(page, "Page.loadEventFired")
        return page

    def evaluate(self, page: Page, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, page.session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"]["text"])
        return result["result"].get("value")

    def screenshot(self, page: Page, path: Path, full_page: bool = True) -> Path:
        """Save a PNG of the page (all of it with ``full_page``)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.call("Page.getLayoutMetrics", session=page.session)["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = self.call("Page.captureScreenshot", params, page.session)["data"]
        path.write_bytes(base64.b64decode(data))
        return path
