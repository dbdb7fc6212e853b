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


def end(code: int) -> NoReturn:
    """Exit with `code`: at once when a command kept its objects, after flushing stdout and stderr."""
    if _KEPT:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: the usual exit says nothing more either
            pass
        os._exit(code)
    sys.exit(code)
