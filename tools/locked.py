"""Run a command while holding a lock file (POSIX ``fcntl``; ``flock`` is not on every machine):
``python tools/locked.py LOCKFILE COMMAND...``. ``make book`` builds the library's wheel so, because
setuptools builds it in the repository's ``build/``, which two books built at once would share."""

from __future__ import annotations

import fcntl
import subprocess
import sys

if __name__ == "__main__":
    with open(sys.argv[1], "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sys.exit(subprocess.call(sys.argv[2:]))
