"""Run every benchmark and print the results as a markdown table, with the machine described.

    python benchmarks/run.py [--quick] [--data FOLDER]

``--quick`` measures 100 and 1,000 interns only (about a minute); the full run adds 5,000
interns + 200,000 hours entries (a few minutes). Each ratio compares microintern with a
floor measured in the same run, so it holds across machines better than the raw times.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import bench_status
import bench_store
from common import QUICK_SIZES, SIZES, Table, machine


def app_benchmarks() -> object | None:
    """The app benchmark module, or None when pexpect/pyte (the test extras) are missing."""
    try:
        import bench_app
    except ImportError as exc:
        print(f"skipping the app benchmarks: {exc} (pip install -e '.[test]')", file=sys.stderr)
        return None
    return bench_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every microintern benchmark.")
    parser.add_argument("--quick", action="store_true", help="only 100 and 1,000 interns")
    parser.add_argument("--data", type=Path, help="folder for the generated files (kept)")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    table = Table()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="microintern-bench-") as tmp:
        folder = args.data or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        bench_app = app_benchmarks()
        for interns in sizes:
            print(f"{interns} interns:", file=sys.stderr)
            bench_store.measure(interns, folder, table)
            bench_status.measure(interns, folder, table)
            if bench_app is not None:
                # Keystrokes and sort at the largest size only (5,000; 1,000 with --quick).
                last = interns == sizes[-1]
                bench_app.measure(interns, folder, table, interactive=last)  # type: ignore[attr-defined]
    print(f"Machine: {machine()}.\n")
    print(table.markdown())
    print(f"\n(run took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
