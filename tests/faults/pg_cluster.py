"""A throw-away PostgreSQL cluster of our own, to restart at will without disturbing anyone else's tests.

Restarting the machine's shared cluster (pg_ctlcluster … restart) would break every other test run using
it at that moment, so the restart test initdb's a small cluster in /tmp on a free port, owned by the
`postgres` system user (PostgreSQL refuses to run as root), and removes it afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.faults.harness import free_port


def _bin_dir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return next((c for c in candidates if (c / "initdb").exists() and (c / "pg_ctl").exists()), None)


def unavailable_reason() -> str | None:
    """Why a private cluster cannot be made here (None: it can)."""
    if os.geteuid() != 0:
        return "not root: cannot run initdb/pg_ctl as the postgres user"
    if _bin_dir() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    if shutil.which("runuser") is None:
        return "runuser is missing"
    try:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return "no postgres system user"
    return None


class PrivateCluster:
    """initdb + pg_ctl start on a free port; stop(), start(), restart(); destroy() at the end."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None
        self.bin = bin_dir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="flagbot-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            check=check,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def create(self) -> PrivateCluster:
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.dir / "server.log"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False
        )
        shutil.rmtree(self.dir, ignore_errors=True)
