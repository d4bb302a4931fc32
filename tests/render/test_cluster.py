"""Drawing on a Dask cluster (render/cluster.py, `sheets build --scheduler`): the same bytes as a
build drawn here, the work really done by the cluster's workers, and a cluster that cannot be
used refused with its reason."""

from __future__ import annotations

import copy
import socket
import sys

import distributed
import pytest

import sheets.render.cluster as cluster_module
import sheets.render.drawing
from sheets.render.tasks import SheetTask, Workload

from support import assert_refused_without_traceback, outputs, run_sheets, write_catalog

PRODUCTS = 10  # three tasks of sheets and one run of the brochure


def _more_products(data) -> None:
    first = data["products"][0]
    data["products"] += [
        {**copy.deepcopy(first), "reference": f"9{number:06d}", "title": f"Médaille {number}"}
        for number in range(PRODUCTS - len(data["products"]))
    ]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=":0",
    ) as local:
        yield local


@pytest.fixture
def quick(monkeypatch):
    """A refusal in a second rather than after the real wait for an answer."""
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1)


def test_a_build_drawn_on_a_cluster_is_the_same_bytes_as_one_drawn_here(
    cluster, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    catalog = write_catalog(tmp_path, _more_products)
    with (
        distributed.Client(cluster, set_as_default=False) as watcher,
        distributed.get_task_stream(watcher) as stream,
    ):
        result = run_sheets(
            "build", catalog, "-o", tmp_path / "cluster", "--scheduler", cluster.scheduler_address
        )
    assert result.exit_code == 0, result.output
    drawn_there = [task for task in stream.data if "_perform_on_worker" in task["key"]]
    assert len(drawn_there) == 4
    assert {task["worker"] for task in drawn_there} <= set(cluster.scheduler.workers)

    assert run_sheets("build", catalog, "-o", tmp_path / "here").exit_code == 0
    there = outputs(tmp_path / "cluster")
    here = outputs(tmp_path / "here")
    assert len(here) == PRODUCTS + 1  # the sheets and the brochure
    assert [p.relative_to(tmp_path / "cluster") for p in there] == [
        p.relative_to(tmp_path / "here") for p in here
    ]
    for built_there, built_here in zip(there, here, strict=True):
        assert built_there.read_bytes() == built_here.read_bytes(), built_there.name

    # Where the drawing was done is no input of the outputs: nothing to build again.
    again = run_sheets("build", catalog, "-o", tmp_path / "cluster")
    assert again.exit_code == 0, again.output
    assert "Up to date" in again.output


def test_a_worker_reading_another_photo_draws_nothing(cluster, tmp_path, monkeypatch):
    """The photo a worker finds at a path is not the one of the build's machine (here, the
    build's digest of it is made to differ): the build stops, naming the photo."""

    def other_for_one(editions, photos):
        other = {path: "0" * 64 if path.endswith("0750.jpg") else d for path, d in photos.items()}
        return Workload(editions, other)

    monkeypatch.setattr(sheets.render.drawing, "Workload", other_for_one)
    catalog = write_catalog(tmp_path)
    result = run_sheets(
        "build", catalog, "-o", tmp_path / "out", "--scheduler", cluster.scheduler_address
    )
    assert_refused_without_traceback(result)
    said = "a photo could not be read during the build (image '0750.jpg' of product 0750 on the "
    assert said in result.output
    assert ": other bytes than on the machine of the build)" in result.output
    assert outputs(tmp_path / "out") == []


def test_workers_with_another_tool_are_refused(cluster, tmp_path, monkeypatch):
    ours = cluster_module.tool_identity()
    monkeypatch.setattr(cluster_module, "tool_identity", lambda: {**ours, "reportlab": "3.0"})
    catalog = write_catalog(tmp_path)
    result = run_sheets(
        "build", catalog, "-o", tmp_path / "out", "--scheduler", cluster.scheduler_address
    )
    assert_refused_without_traceback(result)
    assert "draws with another tool: reportlab 3.0 → " in result.output
    assert "install this same sheets, with the same libraries, on every worker" in result.output
    assert outputs(tmp_path / "out") == []


def test_a_worker_joining_with_another_tool_draws_nothing():
    task = SheetTask("fr_FR", ("7505634",))
    other = {**cluster_module.tool_identity(), "sheets": "0.0.1"}
    with pytest.raises(cluster_module.OtherTool, match=r"sheets 0\.0\.1 → "):
        cluster_module._perform_on_worker(task, Workload(), other, None)


def test_an_unreachable_scheduler_is_refused(tmp_path, quick):
    with socket.socket() as probe:  # a port nothing listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_sheets(
        "build",
        write_catalog(tmp_path),
        "-o",
        tmp_path / "out",
        "--scheduler",
        f"tcp://127.0.0.1:{port}",
    )
    assert_refused_without_traceback(result)
    assert f"error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port} (" in result.output
    assert "hint: start one with `dask scheduler`, or check the address" in result.output
    assert outputs(tmp_path / "out") == []


def test_a_malformed_address_is_refused(tmp_path):
    result = run_sheets(
        "build", write_catalog(tmp_path), "-o", tmp_path / "out", "--scheduler", "scheduler.lan"
    )
    assert_refused_without_traceback(result)
    assert (
        "error: --scheduler 'scheduler.lan' is not the address of a Dask scheduler (missing port"
        in result.output
    )
    assert "hint: write it like tcp://HOST:8786" in result.output


def test_a_scheduler_without_workers_is_refused(tmp_path, quick):
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=":0") as empty:
        address = empty.scheduler_address
        result = run_sheets(
            "build", write_catalog(tmp_path), "-o", tmp_path / "out", "--scheduler", address
        )
    assert_refused_without_traceback(result)
    assert f"error: the Dask scheduler at {address} has no worker" in result.output
    assert f"hint: start some with `dask worker {address} --nthreads 1`" in result.output


def test_without_distributed_the_extra_to_install_is_named(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    result = run_sheets(
        "build",
        write_catalog(tmp_path),
        "-o",
        tmp_path / "out",
        "--scheduler",
        "tcp://127.0.0.1:8786",
    )
    assert_refused_without_traceback(result)
    assert (
        "error: --scheduler needs Dask's distributed package, which is not installed"
        in result.output
    )
    assert "hint: pip install 'sheets[dask]', or build without --scheduler" in result.output
