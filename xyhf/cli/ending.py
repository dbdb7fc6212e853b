"""How the `xyhf` process ends once a command has said everything.

`xyhf check` ends holding the whole parsed catalog: freed object by object as the command returns,
then the interpreter's own teardown, it cost 0.6 s at 100,000 records, a few per cent of the check,
with nothing left to write. A command hands such objects to `keep`; the console command (`run`) then
flushes its output and leaves without freeing them, as mypy does. Where nothing was kept, the process
ends as usual (atexit handlers, finalizers of temporary folders), so only commands that have finished
all their writing opt in. In-process callers (the tests) use cli.main, which never leaves this way.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

_KEPT: list[object] = []


def keep(*objects: object) -> None:
    """Hold `objects` until the process ends (see the module's note)."""
    _KEPT.extend(objects)


def release() -> None:
    """Drop what an earlier command kept (a second command in the same process)."""
    _KEPT.clear()


FLUSH_FAILED = 120  # the status Python's own exit gives when flushing its output fails (a reader gone)


def end(code: int) -> NoReturn:
    """Exit with `code`: at once when a command kept its objects, after flushing stdout and stderr;
    with FLUSH_FAILED, as Python's own exit, when what was written could not all be delivered."""
    if _KEPT:
        delivered = all([_flushed(sys.stdout), _flushed(sys.stderr)])  # both tried, whatever the first does
        os._exit(code if delivered else FLUSH_FAILED)
    sys.exit(code)


def _flushed(stream: object) -> bool:
    """Whether the stream's buffered text went out (a stream Python never opened, None, has none)."""
    flush = getattr(stream, "flush", None)
    if flush is None:
        return True
    try:
        flush()
    except (OSError, ValueError):  # a closed pipe or a closed file
        return False
    return True
