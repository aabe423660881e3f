"""What every benchmark script shares: data files, timing, the machine, the results table.

Timings are medians of several rounds in which the measured operation and its floor
alternate, so a slow moment of the machine hits both; only ratios measured in the same
run are compared with the targets.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import generate

#: The sizes of the full run and of ``--quick`` (interns; 40 hours entries each).
SIZES = (100, 1000, 5000)
QUICK_SIZES = (100, 1000)
HOURS_PER_INTERN = 40


def data_file(folder: Path, interns: int, *, fresh: bool = False) -> Path:
    """The generated data file for ``interns`` interns in ``folder``.

    It is made once and reused, unless ``fresh``: then a private copy is written anew,
    for a benchmark that changes the file.
    """
    path = folder / (f"bench-{interns}-changed.json" if fresh else f"bench-{interns}.json")
    if fresh or not path.exists():
        generate.write(path, interns, HOURS_PER_INTERN)
    return path


def rounds_for(interns: int) -> int:
    """How many rounds to take the median of: more for the quick small sizes."""
    return 15 if interns <= 100 else 9 if interns <= 1000 else 7


def timed(func: Callable[[], object]) -> float:
    """Seconds one call of ``func`` takes."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def timed_floor(func: Callable[[], object]) -> float:
    """Seconds one call of ``func`` takes at its best: collected first, no GC pauses inside.

    Floors are measured this way so that a process holding a big Dataset (whose garbage
    collections would slow the floor down too) cannot make microintern look closer to it.
    """
    gc.collect()
    gc.disable()
    try:
        return timed(func)
    finally:
        gc.enable()


def median_ms(samples: Sequence[float]) -> float:
    """The median of samples in seconds, in milliseconds."""
    return statistics.median(samples) * 1000


#: Starts a program, waits for it, and prints its time and peak RSS. The benchmarks run
#: every measured process through this small launcher: a child's ``ru_maxrss`` counts
#: the memory of the process that forked it (Linux keeps the high-water mark across
#: exec), and the benchmark process itself holds several loaded data files.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = proc.stderr.read()
_, status, usage = os.wait4(proc.pid, 0)
elapsed = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
if code:
    sys.exit(f"{sys.argv[1:]} failed ({code}): {err.decode(errors='replace')}")
print(elapsed, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024))
"""


def run_peak_rss(argv: Sequence[str]) -> tuple[float, int]:
    """Run a process to its end: (seconds from spawn to exit, its own peak RSS in bytes).

    Raises:
        RuntimeError: when the process fails.
    """
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *argv], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    elapsed, peak = done.stdout.split()
    return float(elapsed), int(peak)


def self_peak_rss() -> int:
    """This process's peak RSS so far, in bytes."""
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def microintern_argv() -> list[str]:
    """How to start the installed ``microintern`` command with this Python."""
    script = Path(sys.executable).with_name("microintern")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "microintern_tui.cli"]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def cpu_model() -> str:
    """The CPU's model name, as the OS reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """One line describing the machine and the versions the numbers were taken with."""
    return (
        f"{cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Textual {_version('textual')}, "
        f"TinyDB {_version('tinydb')}, orjson {_version('orjson')}"
    )


@dataclass
class Row:
    """One line of the results table."""

    what: str
    size: str
    value: str
    baseline: str
    ratio: float | None
    target: float | None
    notes: str = ""

    def met(self) -> str:
        if self.ratio is None or self.target is None:
            return ""
        return "yes" if self.ratio <= self.target else "**no**"


@dataclass
class Table:
    """The rows measured so far."""

    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(f"  {row.what} [{row.size}]: {row.value} vs {row.baseline}", file=sys.stderr)

    def markdown(self) -> str:
        lines = [
            "| measurement | size | microintern | baseline (same run) | ratio | target | met |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            ratio = f"{r.ratio:.2f}×" if r.ratio is not None else ""
            target = f"≤ {r.target:g}×" if r.target is not None else ""
            what = r.what + (f" ({r.notes})" if r.notes else "")
            lines.append(
                f"| {what} | {r.size} | {r.value} | {r.baseline} | {ratio} | {target} | {r.met()} |"
            )
        return "\n".join(lines)


def size_label(interns: int) -> str:
    """E.g. ``5,000 + 200,000``."""
    return f"{interns:,} + {interns * HOURS_PER_INTERN:,}"


def fmt_ms(ms: float) -> str:
    return f"{ms:,.1f} ms" if ms < 100 else f"{ms:,.0f} ms"


def fmt_mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def run_sizes(
    description: str,
    measure: Callable[[int, Path, Table], None],
    argv: list[str] | None = None,
) -> int:
    """The command line of a benchmark script: measure each size, print the table.

    ``--quick`` measures 100 and 1,000 interns only; ``--data`` keeps the generated files.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="only 100 and 1,000 interns")
    parser.add_argument("--data", type=Path, help="folder for the generated files")
    args = parser.parse_args(argv)
    table = Table()
    with tempfile.TemporaryDirectory(prefix="microintern-bench-") as tmp:
        folder = args.data or Path(tmp)
        for interns in QUICK_SIZES if args.quick else SIZES:
            measure(interns, folder, table)
    print(table.markdown())
    return 0
