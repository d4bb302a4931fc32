"""`sheets serve` as a command: what it refuses before it listens, and a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support import assert_refused_without_traceback, run_sheets, write_shop_catalog


def test_a_missing_catalog_is_refused_in_words(tmp_path):
    result = run_sheets("serve", tmp_path / "nothing.yaml", "--port", "0")
    assert_refused_without_traceback(result)
    assert "nothing.yaml: error: no such catalog file" in result.stderr


def test_a_port_in_use_is_refused_in_words(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run_sheets("serve", catalog, "--port", port, "-o", tmp_path / "out")
    assert_refused_without_traceback(result)
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "another --port" in result.stderr


@contextmanager
def serving(catalog: Path, out: Path, *args: str, env: dict | None = None) -> Iterator[tuple]:
    """`sheets serve` in a process of its own: the address it printed, and a function that
    stops it as Ctrl-C does and returns its exit status and the rest of what it printed."""
    command = [sys.executable, "-m", "sheets", "serve", str(catalog), "--port", "0", "-o", str(out)]
    with subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    ) as process:
        line = process.stdout.readline()

        def stop() -> tuple[int, str]:
            process.send_signal(signal.SIGINT)
            return process.wait(timeout=30), process.stdout.read()

        try:
            assert " at http://" in line, line + process.stdout.read()
            yield line.split(" at ", 1)[1].strip(), stop
        finally:
            if process.poll() is None:
                process.kill()


def test_beyond_this_machine_it_prints_an_address_with_a_token(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    token = {"SHEETS_SERVE_TOKEN": "t0ken-of-ours"}
    with serving(catalog, tmp_path / "out", "--host", "0.0.0.0", env=token) as (address, stop):
        assert address.endswith("/?token=t0ken-of-ours")
        port = address.split(":")[2].split("/")[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert refused.value.code == 403
        refused.value.close()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(f"http://127.0.0.1:{port}/?token=t0ken-of-ours", timeout=10) as answer:
            assert answer.status == 200  # the redirect taken, the cookie sent back
            assert answer.url == f"http://127.0.0.1:{port}/"
        assert stop()[0] == 0


def test_ctrl_c_stops_it_and_its_build_leaving_no_temporary_file(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    out = tmp_path / "out"

    def builds() -> str:
        return subprocess.run(
            ["pgrep", "-f", f"build {catalog}"], capture_output=True, text=True
        ).stdout

    with serving(catalog, out) as (_, stop):
        deadline = time.monotonic() + 20
        while not builds() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert builds(), "the first build under way"
        status, said = stop()
    assert status == 0
    assert "sheets serve: stopped" in said
    assert builds() == "", "no build left running"
    assert list(out.rglob("*.tmp")) == []


def test_open_pages_do_not_hold_it_up_when_it_stops(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    with serving(catalog, tmp_path / "out") as (address, stop):
        pages = [urllib.request.urlopen(f"{address}events", timeout=10) for _ in range(3)]
        try:
            assert all(page.readline().startswith(b"retry:") for page in pages)
            status, said = stop()
        finally:
            for page in pages:
                page.close()
    assert status == 0
    assert "Traceback" not in said and "ERROR" not in said and "Cancel" not in said, said
