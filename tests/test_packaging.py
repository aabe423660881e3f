"""The wheel ships the styles and the console script; the domain and the CLI stay light."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("microintern_tui-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_ships_every_stylesheet(wheel):
    styles = sorted(p.name for p in (ROOT / "styles").glob("*.tcss"))
    assert styles, "styles/ has no .tcss file"
    shipped = set(wheel.namelist())
    for name in styles:
        assert f"microintern_tui/styles/{name}" in shipped


def test_the_wheel_declares_the_microintern_console_script(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[console_scripts]" in text
    assert "microintern = microintern_tui.cli:main" in text


def _python(code: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_domain_imports_neither_textual_nor_tinydb():
    code = """
import json, pkgutil, sys
import microintern_tui.domain as domain
for info in pkgutil.walk_packages(domain.__path__, "microintern_tui.domain."):
    __import__(info.name)
names = [m for m in sys.modules if m.startswith("microintern_tui.domain")]
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"textual", "tinydb", "filelock", "orjson"})
print(json.dumps({"domain": names, "heavy": heavy}))
"""
    seen = json.loads(_python(code))
    assert "microintern_tui.domain.progress" in seen["domain"]
    assert seen["heavy"] == []


def test_status_json_runs_without_importing_textual(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    db = tmp_path / "team.json"
    code = f"""
import sys
from microintern_tui.cli import main
from microintern_tui.store.store import Store
Store({str(db)!r}, "sam").add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
status = main(["--db", {str(db)!r}, "--today", "2024-03-18", "status", "--json"])
print("textual" in sys.modules, status)
"""
    out = _python(code, env).splitlines()
    assert '"status": "behind"' in "\n".join(out)
    assert out[-1] == "False 0"


def test_the_wheel_ships_the_serve_pages_and_assets(wheel):
    """serve needs no network: its pages, stylesheet and script are inside the package."""
    serve = ROOT / "microintern_tui" / "serve"
    assets = sorted(
        p.relative_to(ROOT).as_posix()
        for folder in ("templates", "static")
        for p in (serve / folder).iterdir()
    )
    assert "microintern_tui/serve/templates/sign_in.html" in assets
    assert set(assets) <= set(wheel.namelist())
