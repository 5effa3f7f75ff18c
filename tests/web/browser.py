"""Debian's chromium for the browser tests, driven through playwright-core by ``driver.mjs``.

One driver process per test module; each :meth:`Browser.open` starts a fresh profile (its own
user data dir, no cookies), so a sign-in never leaks from one person to the next."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.mjs")
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT / "test-artifacts" / "web"

Target = dict[str, Any]


def css(selector: str, **more: Any) -> Target:
    return {"css": selector, **more}


def label(text: str, **more: Any) -> Target:
    return {"label": text, **more}


def role(kind: str, name: str, **more: Any) -> Target:
    return {"role": kind, "name": name, **more}


def text(value: str, **more: Any) -> Target:
    return {"text": value, **more}


class BrowserError(AssertionError):
    """The page did not do what the step asked; the message names the step and the page."""


def unavailable_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (make setup installs Debian's chromium)"
    if shutil.which("node") is None:
        return "no node on PATH"
    if not (PROJECT / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed (make setup runs npm ci)"
    return None


class Browser:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._process = subprocess.Popen(
            ["node", str(DRIVER)],
            cwd=PROJECT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _send(self, cmd: str, **args: Any) -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({"cmd": cmd, **args}, ensure_ascii=False) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise BrowserError(f"the browser driver stopped during {cmd} {args}")
        answer: dict[str, Any] = json.loads(line)
        if not answer.pop("ok"):
            raise BrowserError(f"{cmd} {json.dumps(args, ensure_ascii=False)}: {answer['error']}")
        return answer

    def open(self, fixed_time: str | None = None) -> None:
        """A fresh profile; ``fixed_time`` holds the page's clock (the engine's is pinned too)."""
        self._send("open", fixedTime=fixed_time)

    def goto(self, path: str) -> str:
        return str(self._send("goto", url=self.base_url + path)["url"])

    def click(self, target: Target) -> None:
        self._send("click", target=target)

    def check(self, target: Target) -> None:
        self._send("check", target=target)

    def fill(self, target: Target, value: str) -> None:
        self._send("fill", target=target, value=value)

    def type(self, target: Target, value: str) -> None:
        self._send("type", target=target, value=value)

    def press(self, target: Target, key: str) -> None:
        self._send("press", target=target, key=key)

    def pick_files(self, target: Target, *files: tuple[str, str, int]) -> None:
        """Choose files (name, MIME type, size in bytes) in a file input, as a person would."""
        listed = [{"name": name, "mimeType": mime, "size": size} for name, mime, size in files]
        self._send("files", target=target, files=listed)

    def select(self, target: Target, value: str) -> None:
        self._send("select", target=target, value=value)

    def wait(self, target: Target, state: str = "visible", timeout: int | None = None) -> None:
        self._send("wait", target=target, state=state, timeout=timeout)

    def text(self, target: Target) -> str:
        return str(self._send("text", target=target)["text"])

    def count(self, target: Target) -> int:
        return int(self._send("count", target=target)["count"])

    def url(self) -> str:
        return str(self._send("url")["url"])

    def wait_url(self, pattern: str) -> str:
        return str(self._send("waitUrl", pattern=pattern)["url"])

    def evaluate(self, expression: str) -> Any:
        return self._send("evaluate", expression=expression)["value"]

    def frame_text(self, frame: str, selector: str = "body") -> str:
        """The text of ``selector`` in the frame ``frame`` (a CSS selector of the iframe)."""
        return str(self._send("frameText", frame=frame, css=selector)["text"])

    def download(self, target: Target, name: str) -> tuple[str, Path]:
        """Click ``target``, save the download it starts as ``name`` in the artifacts folder;
        returns the file name the page suggested and the saved file."""
        path = ARTIFACTS / name
        answer = self._send("download", target=target, path=str(path))
        return str(answer["fileName"]), path

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        """The whole page, or with ``full_page=False`` what the viewport shows."""
        path = ARTIFACTS / f"{name}.png"
        self._send("screenshot", path=str(path), fullPage=full_page)
        return path

    def console_errors(self) -> list[str]:
        return list(self._send("errors")["errors"])

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self._send("close")
        self._process.wait(timeout=20)
