"""``microintern status --json`` end to end, and the peak memory of a loaded file.

* **status --json**: the installed ``microintern`` command in a fresh process, from spawn
  to exit (output to /dev/null), against the floor ``python -c "import json"`` (a process
  start) plus read + ``orjson.loads`` of the same file, measured in this run.
* **peak RSS, file loaded**: a fresh process that opens the Store, loads the file and
  computes every intern's progress (what any screen or report starts from); its peak
  resident memory (``wait4``'s ``ru_maxrss``) against the size of the file on disk.

    python benchmarks/bench_status.py [--quick]
"""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
from common import (
    Row,
    Table,
    data_file,
    fmt_mb,
    fmt_ms,
    median_ms,
    microintern_argv,
    rounds_for,
    run_peak_rss,
    run_sizes,
    size_label,
    timed_floor,
)
from generate import BENCH_TODAY, BENCH_USER

STATUS_TARGET = {1000: 3.0}
RSS_TARGET = {5000: 4.0}

LOADED = """
import datetime as dt, sys
from pathlib import Path
from microintern_tui.store.store import Store
ds = Store(Path(sys.argv[1]), "bench").load()
rows = ds.progress_all(dt.date.fromisoformat(sys.argv[2]))
assert len(rows) == len(ds.interns)
status = Path("/proc/self/status").read_text().splitlines()
Path(sys.argv[3]).write_text(next(s for s in status if s.startswith("VmRSS:")).split()[1])
"""
#: The least memory any reader of the file needs: orjson.loads of its bytes.
LOADS_ONLY = (
    "import orjson, sys; from pathlib import Path; d = orjson.loads(Path(sys.argv[1]).read_bytes())"
)


def measure(interns: int, folder: Path, table: Table) -> None:
    """Add the status and memory rows for one size to ``table``."""
    path = data_file(folder, interns)
    status = [
        *microintern_argv(),
        "--db", str(path), "--user", BENCH_USER, "--today", BENCH_TODAY.isoformat(),
        "status", "--json",
    ]  # fmt: skip
    hello = [sys.executable, "-c", "import json"]
    samples: dict[str, list[float]] = {"status": [], "python": [], "loads": []}
    rss = 0
    for _ in range(max(3, rounds_for(interns) // 2)):
        samples["python"].append(run_peak_rss(hello)[0])
        samples["loads"].append(timed_floor(lambda: orjson.loads(path.read_bytes())))
        elapsed, peak = run_peak_rss(status)
        samples["status"].append(elapsed)
        rss = max(rss, peak)
    ms = {k: median_ms(v) for k, v in samples.items()}
    floor = ms["python"] + ms["loads"]
    size = size_label(interns)
    table.add(
        Row(
            "`status --json`, end to end",
            size,
            fmt_ms(ms["status"]),
            f"{fmt_ms(floor)} = python -c 'import json' {fmt_ms(ms['python'])} "
            f"+ read+loads {fmt_ms(ms['loads'])}",
            ms["status"] / floor,
            STATUS_TARGET.get(interns),
            notes=f"peak RSS {fmt_mb(rss)}",
        )
    )
    rss_file = folder / "rss.txt"
    loaded = [sys.executable, "-c", LOADED, str(path), BENCH_TODAY.isoformat(), str(rss_file)]
    peak = max(run_peak_rss(loaded)[1] for _ in range(2))
    after = int(rss_file.read_text()) * 1024
    loads_only = [sys.executable, "-c", LOADS_ONLY, str(path)]
    loads_peak = max(run_peak_rss(loads_only)[1] for _ in range(2))
    file_size = path.stat().st_size
    table.add(
        Row("peak RSS, Store.load() + progress_all", size, fmt_mb(peak),
            f"file {fmt_mb(file_size)}", peak / file_size, RSS_TARGET.get(interns),
            notes=f"RSS once loaded {fmt_mb(after)} = {after / file_size:.2f}× file")
    )  # fmt: skip
    table.add(
        Row("peak RSS, raw orjson.loads alone (the floor)", size, fmt_mb(loads_peak),
            f"file {fmt_mb(file_size)}", loads_peak / file_size, None,
            notes=f"Store.load() peak = {peak / loads_peak:.2f}× this")
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return run_sizes("status --json and peak memory.", measure, argv)


if __name__ == "__main__":
    sys.exit(main())
