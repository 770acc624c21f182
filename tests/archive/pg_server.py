"""A throw-away PostgreSQL server for tests and benchmarks (not a test module).

``initdb`` refuses to run as root, so as root the data folder is given to the ``postgres`` user and
the binaries run as that user (``runuser``). The server listens on a Unix socket inside its own
folder only (``listen_addresses=''``): no TCP port, nothing reachable from outside. It starts in
about 3 s; tests share one server per session and take a fresh database each.

>>> server = PgServer.start()            # or None-safe: PgServer.missing() says why it cannot start
>>> url = server.create_database("t1")   # postgresql://postgres@/t1?host=/tmp/lbpg-…
>>> server.stop()
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

DEBIAN_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True) if Path("/usr/lib/postgresql").is_dir() else []


def binary(name: str) -> str | None:
    """``initdb`` / ``pg_ctl`` on PATH, else in Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    for folder in DEBIAN_BIN:
        if (folder / name).is_file():
            return str(folder / name)
    return None


def missing() -> str | None:
    """Why no server can be started here (one line), or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    for name in ("initdb", "pg_ctl"):
        if binary(name) is None:
            return f"PostgreSQL's {name} is not installed (apt-get install postgresql postgresql-contrib)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: cannot start PostgreSQL as another user"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server"
    return None


def start_for_tests() -> "PgServer":
    """A server for a test fixture: skips with the reason when none can start here, and fails instead
    under ``LAGEBILD_REQUIRE_PG=1`` (CI installs PostgreSQL, so a skip there would hide a broken setup)."""
    import pytest

    why = missing()
    if why:
        if os.environ.get("LAGEBILD_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required here (LAGEBILD_REQUIRE_PG=1): {why}")
        pytest.skip(why)
    return PgServer.start()


class PgServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    @classmethod
    def start(cls) -> PgServer:
        folder = Path(tempfile.mkdtemp(prefix="lbpg-", dir="/tmp"))  # short: a socket path holds ~100 bytes
        server = cls(folder)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        folder.chmod(0o700)
        try:
            server._run(binary("initdb"), "-D", str(server.data), "-U", "postgres", "--auth=trust",
                        "--encoding=UTF8", "--locale=C.UTF-8")
            opts = (f"-k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                    " -c full_page_writes=off -c max_connections=50")
            server._run(binary("pg_ctl"), "-D", str(server.data), "-o", opts, "-l", str(folder / "log"), "-w",
                        "start")
        except subprocess.CalledProcessError as exc:
            log = (folder / "log").read_text(errors="replace")[-2000:] if (folder / "log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr or exc.stdout} {log}") from exc
        return server

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run(binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
