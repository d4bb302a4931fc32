"""An interrupted build leaves nothing behind: its workers end, its temporary files go, the
earlier outputs stay as they were, and it exits as shells expect (130 for Ctrl-C, 143 for TERM),
even when the Ctrl-C comes while the program is still loading."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import long_description, write_catalog, written

SHEETS = [sys.executable, "-m", "sheets"]


def _many_products(data, count: int = 60) -> None:
    first = data["products"][0]
    data["products"] = [
        {**copy.deepcopy(first), "reference": f"9{number:06d}", "title": f"Médaille {number}"}
        for number in range(count)
    ]
    for product in data["products"]:
        product["description"] = long_description(paragraphs=6)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _loading_libraries(pid: int) -> bool:
    """Whether the process has begun to load the libraries the tool is made of: compiled modules
    from site-packages are in its memory. Its entry point has put its handler in place by then;
    before, Python itself is starting, where no code of the tool's runs yet."""
    try:
        maps = (Path("/proc") / str(pid) / "maps").read_text()
    except OSError:
        return False
    return any("site-packages" in line and ".so" in line for line in maps.splitlines())


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """A catalog of many products built once, then changed so that a build would rewrite every
    file: what each test interrupts."""
    folder = tmp_path_factory.mktemp("shop")
    catalog = write_catalog(folder, _many_products)
    out = folder / "out"
    first = subprocess.run([*SHEETS, "build", str(catalog), "-o", str(out)], capture_output=True)
    assert first.returncode == 0, first.stderr

    def cheaper(data):
        _many_products(data)
        for product in data["products"]:
            product["price"] = "12,00"

    write_catalog(folder, cheaper)
    return folder


@pytest.fixture
def built_once(first_build, tmp_path):
    folder = tmp_path / "shop"
    shutil.copytree(first_build, folder)
    out = folder / "out"
    return folder / "catalog.yaml", out, {path: path.read_bytes() for path in written(out)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    ("sent", "expected", "to_group"),
    [(signal.SIGTERM, 143, False), (signal.SIGINT, 130, True), (signal.SIGTERM, 143, True)],
    ids=["TERM-to-the-build", "Ctrl-C-to-the-terminal's-group", "TERM-to-the-group"],
)
def test_an_interrupted_build_stops_its_workers_and_leaves_the_earlier_outputs(
    built_once, sent, expected, to_group
):
    catalog, out, before = built_once
    build = subprocess.Popen(
        [*SHEETS, "build", str(catalog), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a command
    )
    deadline = time.monotonic() + 60
    while len(workers := _children(build.pid)) < 2:
        assert time.monotonic() < deadline and build.poll() is None, "no workers started"
        time.sleep(0.05)
    time.sleep(0.3)  # drawing
    if to_group:
        os.killpg(build.pid, sent)
    else:
        os.kill(build.pid, sent)
    _, stderr = build.communicate(timeout=30)
    assert build.returncode == expected, stderr
    assert b"Traceback" not in stderr
    assert b"interrupted" in stderr
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)], "every worker has ended"
    assert not list(out.rglob("*.tmp")), "no temporary file is left"
    assert {path: path.read_bytes() for path in written(out)} == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_loses_its_workers_and_the_next_build_clears_its_debris(built_once):
    catalog, out, before = built_once
    build = subprocess.Popen(
        [*SHEETS, "build", str(catalog), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(workers := _children(build.pid)) < 2:
        assert time.monotonic() < deadline and build.poll() is None, "no workers started"
        time.sleep(0.05)
    time.sleep(0.3)  # drawing, and writing what is drawn into the cache
    build.kill()  # SIGKILL: nothing can run in the build any more
    build.wait()
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)], "the workers die with their parent"
    assert {path: path.read_bytes() for path in written(out)} == before
    again = subprocess.run([*SHEETS, "build", str(catalog), "-o", str(out)], capture_output=True)
    assert again.returncode == 0, again.stderr
    debris = [*out.rglob("*.tmp"), *out.rglob("*.part")]
    assert not debris, "the next build removes the debris of its own naming"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "TERM"])
def test_a_signal_while_the_program_loads_ends_it_without_a_traceback(built_once, sent):
    """A Ctrl-C (or SIGTERM) at any moment of the start, the imports (half a second, each
    command loading its own modules) or the build that follows them: each time one line, exit
    128 + the signal, the earlier outputs as they were. The moments are counted from when the
    libraries begin to load, not from the launch: what comes before is Python's own start."""
    catalog, out, before = built_once
    for delay in (0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4):
        build = subprocess.Popen(
            [*SHEETS, "build", str(catalog), "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while not _loading_libraries(build.pid):
            assert time.monotonic() < deadline and build.poll() is None, "never loaded"
            time.sleep(0.002)
        time.sleep(delay)
        build.send_signal(sent)
        _, stderr = build.communicate(timeout=60)
        assert build.returncode == 128 + sent, (delay, stderr)
        assert b"Traceback" not in stderr, (delay, stderr)
        assert stderr.decode().strip().splitlines()[-1] == (
            f"sheets: interrupted ({sent.name}); nothing was written, and the earlier files are "
            "as they were"
        ), delay
    assert not list(out.rglob("*.tmp")), "no temporary file is left"
    assert {path: path.read_bytes() for path in written(out)} == before
