"""A throwaway PostgreSQL cluster for the tests: `python tools/test_postgres.py -- COMMAND ...`
runs COMMAND with C2F_TEST_DATABASE_URL pointing at a cluster made for it, then removes the
cluster, whatever COMMAND did.

The cluster lives in a temporary folder, listens on a free loopback port (and a socket in its
folder), trusts local connections and runs as an unprivileged user (`nobody` when started as
root: PostgreSQL refuses to run as root). Without PostgreSQL's server programs on the machine,
or with C2F_TEST_DATABASE_URL already set, COMMAND runs as it is (the PostgreSQL tests skip
themselves without a URL). `--install` first installs Debian's `postgresql` if it is missing.
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

URL_VARIABLE = "C2F_TEST_DATABASE_URL"


def server_programs() -> Path | None:
    """The folder with initdb and pg_ctl (Debian keeps them out of PATH), newest first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version, reverse=True)
    if found:
        return Path(found[0]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl and shutil.which("initdb") else None


def _version(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


def install() -> None:
    """Debian's postgresql package, if its server programs are missing (CI machines)."""
    if server_programs() is not None:
        return
    print("--- installing PostgreSQL (Debian's postgresql package)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
        check=True,
        env=env,
    )
    # Debian's package starts a cluster of its own as a service: the tests don't use it.


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_user() -> tuple[list[str], int | None]:
    """The prefix that runs a program unprivileged, and that user's uid (None: ourselves)."""
    if os.geteuid() != 0:
        return [], None
    nobody = pwd.getpwnam("nobody")
    return ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"], (
        nobody.pw_uid
    )


class Cluster:
    """A fresh cluster in a temporary folder (made and started by `start`); `stop` stops it
    (a test's database going away), `start_again` brings it back, `remove` ends it for good."""

    def __init__(self, programs: Path) -> None:
        self.programs = programs
        self.prefix, uid = _as_user()
        self.folder = Path(tempfile.mkdtemp(prefix="c2f-postgres-"))
        self.data = self.folder / "data"
        if uid is not None:
            os.chown(self.folder, uid, -1)
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> Cluster:
        """Make the cluster and start it."""
        subprocess.run(
            [*self.prefix, str(self.programs / "initdb"), "-D", str(self.data), "-U", "postgres",
             "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.start_again()
        return self

    def start_again(self) -> None:
        """Start the (stopped) cluster."""
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=300"
        )
        subprocess.run(
            [*self.prefix, str(self.programs / "pg_ctl"), "-D", str(self.data), "-l",
             str(self.folder / "server.log"), "-o", options, "-w", "-t", "60", "start"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server at once, its connections cut (as a crash or an outage would)."""
        subprocess.run(
            [*self.prefix, str(self.programs / "pg_ctl"), "-D", str(self.data), "-m",
             "immediate", "-w", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def remove(self) -> None:
        """Stop the server and remove its folder."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def run_with_cluster(command: list[str]) -> int:
    """Run `command` beside a fresh cluster; its exit status."""
    programs = server_programs()
    if os.environ.get(URL_VARIABLE) or programs is None:
        if programs is None:
            print("--- no PostgreSQL here: its tests are skipped", flush=True)
        return subprocess.call(command)
    cluster = Cluster(programs)
    try:
        cluster.start()
        print(f"--- a throwaway PostgreSQL for the tests at {cluster.url}", flush=True)
        return subprocess.call(command, env=dict(os.environ, **{URL_VARIABLE: cluster.url}))
    finally:
        cluster.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="install PostgreSQL if missing")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ...")
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if arguments.install:
        install()
        if not command:
            return
    if not command:
        parser.error("no COMMAND")
    sys.exit(run_with_cluster(command))


if __name__ == "__main__":
    main()
