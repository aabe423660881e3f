"""Drive real Syncthing instances (Debian's 1.19) for tests: loopback only, stopped by the test.

An :class:`Instance` is one Syncthing in a temporary home, made with ``syncthing generate`` and
configured by editing its ``config.xml`` before it starts, so that it can reach nothing but
127.0.0.1:

- it listens on ``tcp://127.0.0.1:PORT`` only (no QUIC, so no STUN socket either), and its
  GUI/REST API is on 127.0.0.1 with an API key of our own;
- global discovery, local discovery (a LAN broadcast), relays, NAT traversal (UPnP/NAT-PMP),
  STUN, usage reporting, crash reporting and upgrades are all off;
- each peer's address is written out as ``tcp://127.0.0.1:PORT`` (never ``dynamic``);
- folders have a short watcher delay and rescan interval (the defaults, 10 s and 1 h, would
  make a test wait for minutes).

:func:`loopback_problems` checks the settings Syncthing really runs with (``/rest/config``)
and :func:`foreign_sockets` the sockets its process holds, so a test can assert both.
:func:`settle` waits, with a deadline, until two instances hold the same folder contents.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
#: How long Syncthing may take to start answering on its API.
START_TIMEOUT = 30.0
#: Files Syncthing itself keeps in a folder: not part of what is synced.
_OWN_NAMES = (".stfolder", ".stversions", ".stignore")


def syncthing_binary() -> str | None:
    """The ``syncthing`` program on PATH (None when it is not installed)."""
    return shutil.which("syncthing")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _set(parent: ET.Element, tag: str, value: str) -> None:
    """Set the text of ``parent``'s one child ``tag`` (made if missing; extra ones removed)."""
    found = parent.findall(tag)
    for extra in found[1:]:
        parent.remove(extra)
    child = found[0] if found else ET.SubElement(parent, tag)
    child.text = value


def _set_all(parent: ET.Element, tag: str, values: Iterable[str]) -> None:
    """Make ``parent``'s children ``tag`` exactly ``values`` (none for an empty list)."""
    for old in parent.findall(tag):
        parent.remove(old)
    for value in values:
        ET.SubElement(parent, tag).text = value


@dataclass
class Instance:
    """One Syncthing in its own temporary home.

    Attributes:
        name: a short name for messages (``a``, ``b``).
        home: its configuration, keys and database.
        listen_port: where it listens for other devices (127.0.0.1).
        gui_port: where its REST API answers (127.0.0.1).
        api_key: the REST API's key.
        device_id: its device id (from its generated key).
    """

    name: str
    home: Path
    listen_port: int
    gui_port: int
    api_key: str
    device_id: str
    process: subprocess.Popen[bytes] | None = None
    folders: dict[str, Path] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """How other devices reach it."""
        return f"tcp://{LOOPBACK}:{self.listen_port}"

    @property
    def log(self) -> Path:
        """Its log (stdout and stderr)."""
        return self.home / "syncthing.log"

    # -- making and configuring ----------------------------------------------------------

    @classmethod
    def generate(cls, binary: str, name: str, home: Path) -> Instance:
        """Make keys and a config in ``home`` (``syncthing generate``); nothing runs yet."""
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [binary, "generate", f"--home={home}", "--no-default-folder", "--skip-port-probing"],
            env=_environment(home),
            check=True,
            capture_output=True,
            timeout=60,
        )
        root = ET.parse(home / "config.xml").getroot()
        device = root.find("device")
        assert device is not None, "syncthing generate wrote no device"
        return cls(
            name=name,
            home=home,
            listen_port=free_port(),
            gui_port=free_port(),
            api_key=secrets.token_urlsafe(24),
            device_id=device.attrib["id"],
        )

    def configure(self, peer: Instance, folders: dict[str, tuple[Path, int]]) -> None:
        """Write a loopback-only config sharing ``folders`` with ``peer``.

        Args:
            peer: the other instance (its device id and address are written out).
            folders: folder id -> (its path here, Syncthing's ``maxConflicts`` for it).

        Done before the start, so not even its first seconds run with a default setting.
        """
        config = self.home / "config.xml"
        tree = ET.parse(config)
        root = tree.getroot()
        gui = root.find("gui")
        options = root.find("options")
        defaults = root.find("defaults")
        assert gui is not None and options is not None and defaults is not None
        gui.set("tls", "false")
        _set(gui, "address", f"{LOOPBACK}:{self.gui_port}")
        _set(gui, "apikey", self.api_key)
        _set_all(options, "listenAddress", [self.address])
        _set_all(options, "globalAnnounceServer", [])
        _set(options, "globalAnnounceEnabled", "false")
        _set(options, "localAnnounceEnabled", "false")
        _set(options, "relaysEnabled", "false")
        _set(options, "natEnabled", "false")
        # STUN runs only when NAT is on and both keepalives are at least 1 s.
        _set_all(options, "stunServer", [])
        _set(options, "stunKeepaliveStartS", "0")
        _set(options, "stunKeepaliveMinS", "0")
        _set(options, "urAccepted", "-1")  # usage reporting declined, and not asked again
        _set(options, "crashReportingEnabled", "false")
        _set(options, "autoUpgradeIntervalH", "0")
        _set(options, "startBrowser", "false")
        _set(options, "announceLANAddresses", "false")
        _set(options, "reconnectionIntervalS", "1")

        folder_template = defaults.find("folder")
        device_template = defaults.find("device")
        assert folder_template is not None and device_template is not None
        for device in root.findall("device"):
            root.remove(device)
        for folder in root.findall("folder"):
            root.remove(folder)
        for who in (self, peer):
            device = copy.deepcopy(device_template)
            device.set("id", who.device_id)
            device.set("name", who.name)
            _set_all(device, "address", [who.address])
            root.insert(0, device)
        for folder_id, (path, max_conflicts) in folders.items():
            path.mkdir(parents=True, exist_ok=True)
            (path / ".stfolder").mkdir(exist_ok=True)  # the marker Syncthing looks for
            folder = copy.deepcopy(folder_template)
            folder.attrib.update(
                id=folder_id,
                label=folder_id,
                path=str(path),
                type="sendreceive",
                rescanIntervalS="2",
                fsWatcherEnabled="true",
                fsWatcherDelayS="1",
            )
            for old in folder.findall("device"):
                folder.remove(old)
            for who in (self, peer):
                shared = ET.SubElement(folder, "device", id=who.device_id, introducedBy="")
                ET.SubElement(shared, "encryptionPassword")
            _set(folder, "maxConflicts", str(max_conflicts))
            root.insert(0, folder)
            self.folders[folder_id] = path
        tree.write(config, encoding="unicode")

    # -- running -------------------------------------------------------------------------

    def start(self, binary: str) -> None:
        """Start it, and return once its REST API answers."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [binary, "serve", f"--home={self.home}", "--no-browser", "--no-restart"]
                + ["--no-upgrade", "--logflags=3"],
                env=_environment(self.home),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped whole, never orphaned
            )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"syncthing {self.name} exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if self.get("/rest/system/ping").get("ping") == "pong":
                    return
            if time.monotonic() > deadline:
                raise TimeoutError(f"syncthing {self.name} did not answer:\n{self.log_tail()}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop it (and anything it started), waiting until it is gone."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)

    def log_tail(self, lines: int = 40) -> str:
        """The end of its log, for a failure message."""
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return "(no log)"

    # -- the REST API --------------------------------------------------------------------

    def _request(self, method: str, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        request = urllib.request.Request(
            f"http://{LOOPBACK}:{self.gui_port}{path}{query}",
            method=method,
            headers={"X-API-Key": self.api_key},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            body = response.read()
        return json.loads(body) if body.strip() else None

    def get(self, path: str, **params: str) -> Any:
        """GET a REST endpoint; its JSON answer."""
        return self._request("GET", path, **params)

    def scan(self, folder: str) -> None:
        """Scan ``folder`` now (the call returns when the scan has finished)."""
        self._request("POST", "/rest/db/scan", folder=folder)

    def connected_to(self, other: Instance) -> bool:
        """Whether it has a connection to ``other`` now."""
        connections = self.get("/rest/system/connections").get("connections", {})
        return bool(connections.get(other.device_id, {}).get("connected"))


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ST", "XDG_"))}
    env.update(
        HOME=str(home),
        STNODEFAULTFOLDER="1",
        STNOUPGRADE="1",
        STNORESTART="1",
        # No proxy: every connection goes straight to 127.0.0.1.
        no_proxy="*",
        NO_PROXY="*",
    )
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env.pop(name, None)
    return env


# -- checking that nothing but loopback is reached -------------------------------------------


def loopback_problems(instance: Instance) -> list[str]:
    """Every setting of the running instance that could reach beyond 127.0.0.1, in words."""
    config = instance.get("/rest/config")
    options = config["options"]
    problems = []
    for address in options.get("listenAddresses") or []:
        if not address.startswith(f"tcp://{LOOPBACK}:"):
            problems.append(f"listens on {address}")
    if not config["gui"]["address"].startswith(f"{LOOPBACK}:"):
        problems.append(f"GUI on {config['gui']['address']}")
    flags = {
        "globalAnnounceEnabled": "global discovery",
        "localAnnounceEnabled": "local discovery",
        "relaysEnabled": "relays",
        "natEnabled": "NAT traversal",
        "crashReportingEnabled": "crash reporting",
    }
    problems += [f"{what} is on" for key, what in flags.items() if options.get(key)]
    if options.get("urAccepted", 0) >= 0:
        problems.append("usage reporting is not declined")
    stun_off = (
        not options.get("natEnabled")
        or min(options.get("stunKeepaliveStartS", 0), options.get("stunKeepaliveMinS", 0)) < 1
    )
    if not stun_off:
        problems.append("STUN is on")
    if options.get("autoUpgradeIntervalH", 0) > 0:
        problems.append("automatic upgrades are on")
    for device in config["devices"]:
        for address in device.get("addresses") or []:
            if not address.startswith(f"tcp://{LOOPBACK}:"):
                problems.append(f"device {device['name']} is reached at {address}")
    return problems


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def _ipv4(hex_address: str) -> str:
    host, port = hex_address.split(":")
    return f"{socket.inet_ntoa(bytes.fromhex(host)[::-1])}:{int(port, 16)}"


def _ipv6(hex_address: str) -> str:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    # /proc prints the address as four 32-bit words, each in host (little-endian) order.
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
    return f"[{socket.inet_ntop(socket.AF_INET6, words)}]:{int(port, 16)}"


def foreign_sockets(pid: int) -> list[str]:
    """The Internet sockets of process ``pid`` bound or connected beyond 127.0.0.1.

    Read from ``/proc``: every TCP and UDP socket the process holds, IPv4 and IPv6, with its
    local and remote address. A socket not yet connected has remote 0.0.0.0:0, which is fine;
    a socket bound to a wildcard or another address, or connected anywhere but 127.0.0.1, is
    listed.
    """
    inodes = _socket_inodes(pid)
    found = []
    for table, parse in (("tcp", _ipv4), ("udp", _ipv4), ("tcp6", _ipv6), ("udp6", _ipv6)):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[9] not in inodes:
                continue
            local, remote = parse(fields[1]), parse(fields[2])
            remote_unset = remote in ("0.0.0.0:0", "[::]:0")
            local_ok = local.startswith(f"{LOOPBACK}:")
            remote_ok = remote_unset or remote.startswith(f"{LOOPBACK}:")
            if not (local_ok and remote_ok):
                found.append(f"{table} {local} -> {remote}")
    return found


# -- waiting for the sync to settle ---------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    """The files of a synced folder and their bytes (Syncthing's own files left out)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts[0] in _OWN_NAMES or path.name.startswith(".syncthing."):
            continue
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(FileNotFoundError):  # moved away while we looked
                out[str(rel)] = path.read_bytes()
    return out


def _folder_state(instance: Instance, peer: Instance, folder: str) -> str | None:
    """Why ``instance`` is not settled on ``folder`` yet (None: idle and peer complete)."""
    status = instance.get("/rest/db/status", folder=folder)
    if status.get("state") != "idle":
        return f"{instance.name} is {status.get('state')}"
    if status.get("needTotalItems", 0) or status.get("pullErrors", 0):
        return f"{instance.name} needs {status.get('needTotalItems')} items"
    completion = instance.get("/rest/db/completion", folder=folder, device=peer.device_id)
    if completion.get("completion") != 100 or completion.get("needItems", 0):
        return f"{instance.name} sees {peer.name} at {completion.get('completion')}%"
    return None


def settle(a: Instance, b: Instance, folder: str, *, timeout: float = 45.0) -> None:
    """Return once ``a`` and ``b`` hold the same files in ``folder`` and are both idle.

    Each pass scans both sides first (a scan returns when it is done), so a change written
    just before the call is seen without waiting for the watcher; then both must be idle,
    need nothing, see the other complete, and have byte-for-byte the same files.

    Raises:
        TimeoutError: at the deadline, saying what was still not settled.
    """
    deadline = time.monotonic() + timeout
    while True:
        a.scan(folder)
        b.scan(folder)
        why = _folder_state(a, b, folder) or _folder_state(b, a, folder)
        if why is None and tree(a.folders[folder]) == tree(b.folders[folder]):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"the sync of {folder} did not settle in {timeout:g} s: "
                f"{why or 'the two copies differ'}"
            )
        time.sleep(0.1)


def wait_connected(a: Instance, b: Instance, *, timeout: float = 30.0) -> None:
    """Return once ``a`` and ``b`` are connected to each other."""
    deadline = time.monotonic() + timeout
    while not (a.connected_to(b) and b.connected_to(a)):
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"syncthing {a.name} and {b.name} did not connect in {timeout:g} s:\n"
                f"{a.log_tail(15)}\n{b.log_tail(15)}"
            )
        time.sleep(0.1)
