"""WeasyPrint in a process of its own, so a native crash or a runaway render cannot take the server down.

WeasyPrint runs in-process C libraries (Pango, HarfBuzz, fontconfig); with no
fonts installed it segfaults, which inside the app would end every session. So
it runs in one long-lived worker process (`python -m
contract_builder.render.weasyprint_process`), started on first use, which
imports WeasyPrint once (about 0.6 s) and then renders HTML sent to it. A
render that crashes the worker or overruns its time limit is a PdfError; the
worker is then killed and the next render starts a new one.

The protocol on the worker's stdin/stdout: the parent sends an 8-byte
big-endian length and the HTML as UTF-8; the worker answers with one status
byte (b"K" for a PDF, b"E" for an error message), an 8-byte length and the bytes.
"""

from __future__ import annotations

import atexit
import os
import select
import subprocess
import sys
import time
from threading import Lock

from contract_builder.bilingual import Bilingual
from contract_builder.errors import PdfError

_LENGTH = 8


class _Worker:
    """The one worker process, and the lock that gives it one render at a time."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.environment: tuple[str | None, ...] = ()
        self.lock = Lock()

    def render(self, html: str, timeout: float) -> bytes:
        with self.lock:
            process = self._running()
            assert process.stdin is not None and process.stdout is not None
            deadline = time.monotonic() + timeout
            payload = html.encode("utf-8")
            try:
                process.stdin.write(len(payload).to_bytes(_LENGTH, "big") + payload)
                process.stdin.flush()
                status = _read_exact(process.stdout.fileno(), 1, deadline)
                size = int.from_bytes(_read_exact(process.stdout.fileno(), _LENGTH, deadline), "big")
                body = _read_exact(process.stdout.fileno(), size, deadline)
            except TimeoutError:
                self.stop()
                raise PdfError(
                    Bilingual(
                        zh=f"WeasyPrint 超过 {timeout:g} 秒未完成", en=f"WeasyPrint took longer than {timeout:g} s"
                    )
                ) from None
            except (OSError, EOFError):
                code = self.stop()
                how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                raise PdfError(Bilingual(zh=f"WeasyPrint 崩溃（{how}）", en=f"WeasyPrint crashed ({how})")) from None
            if status != b"K":
                message = body.decode("utf-8", "replace")
                raise PdfError(Bilingual(zh=f"WeasyPrint 出错：{message}", en=f"WeasyPrint failed: {message}"))
            return body

    def _running(self) -> subprocess.Popen[bytes]:
        # fontconfig reads these when the worker starts: a change needs a new worker.
        environment = (os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))
        if self.process is None or self.process.poll() is not None or environment != self.environment:
            self.stop()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "contract_builder.render.weasyprint_process"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            self.environment = environment
        return self.process

    def stop(self) -> int | None:
        """End the worker, if there is one; returns how it ended."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.poll() is None:
            process.kill()
        code = process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        return code


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    """Read exactly `size` bytes from a pipe by `deadline`; EOFError when the writer is gone."""
    chunks: list[bytes] = []
    while size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


_WORKER = _Worker()
atexit.register(_WORKER.stop)


def render_in_worker(html: str, timeout: float) -> bytes:
    """The PDF WeasyPrint makes of `html`, rendered in the worker process within `timeout` seconds."""
    return _WORKER.render(html, timeout)


def _serve() -> None:
    """The worker's loop: read HTML, answer with a PDF or an error, until stdin closes."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    class FetchNothing(URLFetcher):
        """No file, no network, no data: URI: the contract is the HTML it is given."""

        def fetch(self, url: str, headers: object = None) -> object:
            raise ValueError(f"contract-builder fetches nothing: {url}")

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = source.read(_LENGTH)
        if len(header) < _LENGTH:
            return
        html = source.read(int.from_bytes(header, "big")).decode("utf-8")
        try:
            status, body = b"K", weasyprint.HTML(string=html, url_fetcher=FetchNothing()).write_pdf()
        except Exception as error:  # noqa: BLE001 - any failure is reported to the parent, which raises it
            status, body = b"E", f"{type(error).__name__}: {error}".encode()
        sink.write(status + len(body).to_bytes(_LENGTH, "big") + body)
        sink.flush()


if __name__ == "__main__":
    _serve()
