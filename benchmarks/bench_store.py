"""Save and reload through the Store, against the raw orjson floor of the same data.

For each size, every round does, in this order:

* **save floor**: ``orjson.dumps(data)`` (no options) + write + flush + fsync +
  ``os.replace`` of a sibling file in the same folder: the least any safe save can do;
* **save**: ``Store.add_hours`` of one entry on a store that has the file loaded, as the
  app's store has (lock, re-read check, validate, insert, encode, atomic write);
* **save, then the new Dataset**: ``Store.load()`` right after that save, which is what
  a screen asks for to show the new entry;
* an **external change**: a second Store (another supervisor) adds an entry;
* **reload**: ``Store.load()`` on the first store, which must notice and re-read;
* **reload + home rows**: ``progress_all(today)`` on the reloaded Dataset, the numbers
  the home screen shows for every intern;
* **load floor**: ``orjson.loads(path.read_bytes())`` of the same file.

    python benchmarks/bench_store.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

import orjson
from common import (
    Row,
    Table,
    data_file,
    fmt_ms,
    median_ms,
    rounds_for,
    run_sizes,
    size_label,
    timed,
    timed_floor,
)
from generate import BENCH_TODAY, BENCH_USER

from microintern_tui.fsio import atomic_write
from microintern_tui.store import backups
from microintern_tui.store.codec import encode
from microintern_tui.store.datafile import file_digest
from microintern_tui.store.store import Store

#: Targets of issue 7 (ratio to the floor), by number of interns; None: no target.
SAVE_TARGET = {1000: 3.0, 5000: 2.0}
RELOAD_TARGET = {5000: 1.5}


def save_floor(data: object, folder: Path) -> None:
    """dumps + write + fsync + replace, the least a crash-safe save can do."""
    tmp = folder / ".floor.tmp"
    with open(tmp, "wb") as handle:
        handle.write(orjson.dumps(data))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / "floor.json")


def load_floor(path: Path) -> object:
    """read + loads, the least any reader of the file can do."""
    return orjson.loads(path.read_bytes())


def save_parts(path: Path, folder: Path, rounds: int) -> dict[str, float]:
    """Median ms of each step a Store save takes, done by hand on the same file.

    The steps of ``Store.transaction`` for one change: read the file and hash it under the
    lock to be sure it did not change since it was read, encode, keep a backup (a hard link
    to the version about to be replaced), write + fsync + replace, and hash what was written
    (in a thread, overlapping the write: timed here on its own, so an upper bound).
    """
    scratch = folder / "parts"
    scratch.mkdir(exist_ok=True)
    target = scratch / path.name
    shutil.copyfile(path, target)
    samples: dict[str, list[float]] = {
        k: [] for k in ("verify", "backup", "encode", "encode_plain", "write", "hash")
    }
    for _ in range(rounds):
        samples["verify"].append(timed(lambda: file_digest(target)))
        raw = target.read_bytes()
        start = time.perf_counter()
        backups.keep_backup(target, "bench")
        samples["backup"].append(time.perf_counter() - start)
        data = orjson.loads(raw)
        del raw
        start = time.perf_counter()
        payload = encode(data)
        samples["encode"].append(time.perf_counter() - start)
        start = time.perf_counter()
        compact = orjson.dumps(data)
        samples["encode_plain"].append(time.perf_counter() - start)
        sizes = (len(payload), len(compact))
        del compact
        start = time.perf_counter()
        atomic_write(target, payload)
        samples["write"].append(time.perf_counter() - start)
        start = time.perf_counter()
        hashlib.sha256(payload).digest()
        samples["hash"].append(time.perf_counter() - start)
    shutil.rmtree(scratch)
    out = {k: median_ms(v) for k, v in samples.items()}
    out["indented_size"], out["compact_size"] = sizes
    return out


def measure(interns: int, folder: Path, table: Table) -> None:
    """Add the save and reload rows for one size to ``table``."""
    path = data_file(folder, interns, fresh=True)
    samples = _rounds(path, folder, interns)
    # Both stores are gone: let their memory go before other benchmarks fork processes.
    gc.collect()
    ms = {k: median_ms(v) for k, v in samples.items()}
    size = size_label(interns)
    floor_s = f"{fmt_ms(ms['save_floor'])} dumps+fsync+replace"
    floor_l = f"{fmt_ms(ms['load_floor'])} read+loads"
    table.add(
        Row(
            "save: add_hours",
            size,
            fmt_ms(ms["save"]),
            floor_s,
            ms["save"] / ms["save_floor"],
            SAVE_TARGET.get(interns),
        )
    )
    table.add(
        Row(
            "save, then load() the new Dataset",
            size,
            fmt_ms(ms["save"] + ms["save_ds"]),
            floor_s,
            (ms["save"] + ms["save_ds"]) / ms["save_floor"],
            None,
        )
    )
    if interns >= 1000:
        parts = save_parts(path, folder, 3)
        table.add(
            Row("… of which: read + hash the file (is it still the version read?)",
                size, fmt_ms(parts["verify"]), floor_s, parts["verify"] / ms["save_floor"], None)
        )  # fmt: skip
        table.add(
            Row("… of which: keep a backup (hard link)", size, fmt_ms(parts["backup"]), floor_s,
                parts["backup"] / ms["save_floor"], None)
        )  # fmt: skip
        table.add(
            Row("… of which: encode (indented, sorted keys)", size, fmt_ms(parts["encode"]),
                floor_s, parts["encode"] / ms["save_floor"], None,
                notes=f"compact dumps {fmt_ms(parts['encode_plain'])}; file "
                f"{parts['indented_size'] / parts['compact_size']:.2f}× the compact size")
        )  # fmt: skip
        table.add(
            Row("… of which: write + fsync + replace", size, fmt_ms(parts["write"]), floor_s,
                parts["write"] / ms["save_floor"], None)
        )  # fmt: skip
        table.add(
            Row("… of which: hash the bytes written (overlaps the write)", size,
                fmt_ms(parts["hash"]), floor_s, parts["hash"] / ms["save_floor"], None)
        )  # fmt: skip
    table.add(
        Row(
            "reload after an external change: load()",
            size,
            fmt_ms(ms["reload"]),
            floor_l,
            ms["reload"] / ms["load_floor"],
            RELOAD_TARGET.get(interns),
        )
    )
    table.add(
        Row(
            "reload + progress_all (home rows)",
            size,
            fmt_ms(ms["reload"] + ms["home"]),
            floor_l,
            (ms["reload"] + ms["home"]) / ms["load_floor"],
            None,
        )
    )


def _rounds(path: Path, folder: Path, interns: int) -> dict[str, list[float]]:
    """The timings of every round (the floors alternating with the Store's operations)."""
    store = Store(path, BENCH_USER)
    other = Store(path, "Priya Shah")
    ids = [i.id for i in store.load().interns]
    day = BENCH_TODAY - dt.timedelta(days=1)
    samples: dict[str, list[float]] = {
        k: [] for k in ("save_floor", "save", "save_ds", "reload", "home", "load_floor")
    }
    for n in range(rounds_for(interns)):
        data = load_floor(path)
        samples["save_floor"].append(timed_floor(lambda d=data: save_floor(d, folder)))  # type: ignore[misc]
        del data
        mine = ids[(7 * n) % len(ids)]
        samples["save"].append(
            timed(lambda m=mine: store.add_hours(m, day, 0.25, "bench save", BENCH_TODAY))  # type: ignore[misc]
        )
        samples["save_ds"].append(timed(store.load))
        theirs = ids[(7 * n + 3) % len(ids)]
        other.add_hours(theirs, day, 0.5, "bench external", BENCH_TODAY)
        samples["reload"].append(timed(store.load))
        samples["home"].append(timed(lambda: store.load().progress_all(BENCH_TODAY)))
        samples["load_floor"].append(timed_floor(lambda: load_floor(path)))
    return samples


def main(argv: list[str] | None = None) -> int:
    return run_sizes("Store save/reload against the raw floor.", measure, argv)


if __name__ == "__main__":
    sys.exit(main())
