"""Fixtures for Lifeline's system tests: the built `lifeline` binary, throwaway databases and
running servers. Run through scripts/test.sh, which builds the binary and starts PostgreSQL."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

BIN = os.environ.get("LIFELINE_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "lifeline"))
PG_URL = os.environ.get("LIFELINE_TEST_POSTGRES_URL", "postgres://lifeline:lifeline@127.0.0.1:54329/lifeline")
DEMO_PASSWORD = "demo-password-2026"


def lifeline(*args, database_url, stdin=None, check=True, timeout=600):
    """Runs a lifeline subcommand; returns the CompletedProcess."""
    env = dict(os.environ, DATABASE_URL=database_url)
    result = subprocess.run([BIN, *args], env=env, input=stdin, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"lifeline {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `lifeline serve` process on a free port."""

    def __init__(self, database_url, migrate=True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DATABASE_URL=database_url)
        args = [BIN, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)] + ([] if migrate else ["--no-migrate"])
        self.log = tempfile.NamedTemporaryFile(prefix="lifeline-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {open(self.log.name).read()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError("server did not start within 60 s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def token(base_url, username, password):
    r = requests.post(base_url + "/api/v1/auth/tokens", json={"username": username, "password": password})
    assert r.status_code == 201, r.text
    return r.json()["token"]


@pytest.fixture
def postgres_database():
    """A fresh, empty PostgreSQL database; dropped afterwards."""
    name = "lifeline_sys_" + uuid.uuid4().hex[:10]
    subprocess.run(["psql", "-q", PG_URL, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    base, _, _ = PG_URL.rpartition("/")
    yield f"{base}/{name}"
    subprocess.run(["psql", "-q", PG_URL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """A SQLite file with the Guiyang demo loaded once per session (all accounts share one password)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    url = f"sqlite://{path}"
    result = lifeline("demo", "--password", DEMO_PASSWORD, database_url=url)
    assert "demo ready" in result.stdout, result.stdout
    return url


@pytest.fixture(scope="session")
def demo_server(demo_database):
    server = Server(demo_database)
    yield server
    server.stop()


def private_copy(demo_database, directory):
    """A copy of the demo database in `directory`, as a database URL."""
    source = demo_database.removeprefix("sqlite://")
    target = directory / "demo-copy.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(source + suffix):
            shutil.copyfile(source + suffix, str(target) + suffix)
    return f"sqlite://{target}"


@pytest.fixture
def private_demo_server(demo_database, tmp_path):
    """A server on a private copy of the demo database, for tests that write freely (fuzzing) and
    must not disturb the figures other tests assert on the shared demo server."""
    server = Server(private_copy(demo_database, tmp_path))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def private_demo_module_server(demo_database, tmp_path_factory):
    """Like `private_demo_server`, shared by the tests of one module (which build their data once)."""
    server = Server(private_copy(demo_database, tmp_path_factory.mktemp("private-demo")))
    yield server
    server.stop()
