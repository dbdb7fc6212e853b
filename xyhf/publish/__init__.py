"""Object storage (S3-compatible): plan → upload → delete, no site logic.

`files.py` reads the local folder (bytes, hashes, headers), `plan.py` decides what changes from
the local and remote state without I/O, `store.py` is the only module that talks to the storage
(boto3), `run.py` carries a plan out in the safe order. See `publish()`.
"""

from __future__ import annotations

from xyhf.publish.run import Outcome, publish
from xyhf.publish.store import PublishError, Target

__all__ = ["Outcome", "PublishError", "Target", "publish"]
