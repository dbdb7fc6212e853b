"""The only module that touches the output folder: build into a staging folder, then swap.

On any error before the swap, the staging folder is removed and --out is left as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from collections.abc import Iterable


class Staging:
    def __init__(self, out: Path):
        self.out = out.resolve()
        self.root = self.out.parent / f".{self.out.name}.staging"

    @classmethod
    def at(cls, root: Path) -> Staging:
        """A handle on an existing staging folder (for worker processes that write into it)."""
        stage = cls.__new__(cls)
        stage.out, stage.root = None, root
        return stage

    def __enter__(self) -> Staging:
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    def write(self, rel: str, data: bytes | str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def write_all(self, artifacts: Iterable[tuple[str, bytes]]) -> int:
        n = 0
        for rel, data in artifacts:
            self.write(rel, data)
            n += 1
        return n

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def remove(self, rel: str) -> None:
        target = self.root / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()

    def commit(self) -> None:
        """Swap the finished build in: two renames, the old site removed only afterwards."""
        old = self.out.parent / f".{self.out.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if self.out.exists():
            os.replace(self.out, old)
        os.replace(self.root, self.out)
        shutil.rmtree(old, ignore_errors=True)
