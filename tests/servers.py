"""Real database engines for the tests, started and stopped by them: a PostgreSQL server
(Debian's ``postgresql``: initdb in a temporary folder, a free port on 127.0.0.1, no fsync) and
Spark in local mode (``pyspark`` on Java 17). Where one cannot run, the tests that need it are
skipped with a loud reason saying how to get it (``make test`` installs both when it can).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: The user the server runs as when the tests run as root (initdb refuses root).
PG_USER = "postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    """The folder of Debian's PostgreSQL server programs (the newest), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def postgres_missing() -> str | None:
    """Why a PostgreSQL server cannot be started here, or None."""
    if postgres_bin() is None:
        return ("!!! POSTGRESQL TESTS SKIPPED: Debian's postgresql is not installed. `make test` "
                "installs it with apt-get when run as root; else: sudo apt-get install postgresql")
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam(PG_USER)
        except KeyError:
            return f"!!! POSTGRESQL TESTS SKIPPED: running as root and there is no {PG_USER} user."
    return None


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL server for the duration; yields its URL (trust authentication on
    127.0.0.1 only; the folder is removed afterwards)."""
    bindir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="counsel-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, PG_USER)
        as_user = ["runuser", "-u", PG_USER, "--"]
    data, port = folder / "data", free_port()

    def run(*argv: str) -> None:
        subprocess.run([*as_user, *argv], check=True, capture_output=True, cwd=folder,
                       timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "counsel",
            "-E", "UTF8", "--locale", "C", "--no-sync")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60",
            "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c full_page_writes=off -c synchronous_commit=off", "start")
        yield f"postgres://counsel@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(Exception):
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def spark_missing() -> str | None:
    """Why Spark cannot run here in local mode, or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return ("!!! SPARK TESTS SKIPPED: pyspark is not installed (`make test` installs it from "
                "requirements-dev.txt).")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return ("!!! SPARK TESTS SKIPPED: no Java. `make test` installs Debian's "
                "openjdk-17-jre-headless when run as root.")
    return None
