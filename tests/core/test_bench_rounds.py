"""The benchmark's rounds: each full build and edit measured more than once, the projects' order alternated,
the means reported (``benchmarks/bench.py``, ``--rounds``)."""

from __future__ import annotations

from benchmarks import bench


def test_the_projects_take_turns_to_go_first():
    assert bench.round_orders(("archive", "plain"), 1) == [("archive", "plain")]
    assert bench.round_orders(("archive", "plain"), 2) == [("archive", "plain"), ("plain", "archive")]
    assert bench.round_orders(("plain", "archive"), 3) == [("plain", "archive"), ("archive", "plain"), ("plain", "archive")]


def build(seconds: float, rc: int = 0, peak: float = 100.0, **more) -> dict:
    return {"seconds": seconds, "rc": rc, "peak_rss_mb": peak, "warnings": 0, **more}


def test_the_rounds_report_their_mean_the_largest_peak_and_any_failure():
    full: dict = {}
    bench.add_round(full, "archive_j1", build(45.5, peak=418, reread=1043))
    assert full["archive_j1"]["seconds"] == 45.5 and full["archive_j1"]["rounds"] == [45.5]
    bench.add_round(full, "archive_j1", build(37.7, peak=420, reread=0))
    kept = full["archive_j1"]
    assert kept["rounds"] == [45.5, 37.7] and kept["seconds"] == 41.6
    assert kept["peak_rss_mb"] == 420
    assert kept["reread"] == 1043  # the first round's counts: the build from scratch the table describes
    assert kept["rc"] == 0
    bench.add_round(full, "archive_j1", build(40.0, rc=1, warnings=2, first_warnings=["x.md:3: WARNING: …"]))
    assert kept["rc"] == 1 and kept["warnings"] == 2 and kept["first_warnings"] == ["x.md:3: WARNING: …"]


def test_the_table_says_the_times_are_means():
    results = {
        "rounds": 2,
        "full": {"archive_j1": build(41.6), "plain_j1": build(40.9), "ratio_j1": 1.02},
        "pages": {},
        "incremental": {"edit_body": {"archive": build(2.8, reread=1, rewritten=2), "plain": build(1.5, reread=1, rewritten=2), "ratio": 1.87}},
        "peak_rss_mb": {},
        "check": {"seconds": 1.9, "rc": 0},
    }
    table = bench.table(results)
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]] for line in table.splitlines() if line.startswith("| ")}
    assert rows["full HTML build -j1 (means of 2 rounds)"] == ["41.6 s", "40.9 s", "1.02×"]
    assert rows["incremental: edit body (means of 2 rounds)"] == ["2.8 s, 1 read, 2 written", "1.5 s, 1 read, 2 written", "1.87×"]
    results["rounds"] = 1
    assert "means of" not in bench.table(results)
