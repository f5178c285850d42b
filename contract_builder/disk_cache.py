"""Files kept between runs under $XDG_CACHE_HOME/contract-builder (or ~/.cache): work a fresh process need not redo.

Every entry is named by a hash of everything it was made from, so a changed input
is a different entry and nothing is ever stale. A missing, unreadable or
unwritable cache only costs time: reads return None and writes are skipped.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_path(kind: str, *inputs: str | bytes) -> Path:
    """The entry of this kind made from these inputs."""
    digest = hashlib.sha256()
    for item in inputs:
        data = item.encode("utf-8") if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "big") + data)  # lengths first: ("ab", "c") ≠ ("a", "bc")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "contract-builder" / kind / digest.hexdigest()[:32]


def read_entry(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_entry(path: Path, data: bytes) -> None:
    """Write whole then rename, so a reader (another process) never sees half an entry."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        pass
