"""The deployment engine: a real Flower SuperLink and one SuperNode per party, as processes.

On loopback for the demo and the end-to-end test; in production the SuperLink runs beside Concord
and each party starts its own SuperNode next to its data (see the README). Each SuperNode is
authenticated by its own EC (P-384) key pair: the SuperLink runs with supernode authentication on,
and only the public keys registered through its Control API may connect. Flower requires TLS for
that, so on loopback a CA made for the run certifies the SuperLink (tls.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from .coordinator import RunRefused
from .node import bundle_files
from .spec import RoundMetrics, RunResult, StudySpec
from .tls import loopback_certificates

FLWR_VERSION = "1.42.0"
APP_PACKAGE = "concord_fl"
BIN = Path(sys.executable).parent


def flower_env(home: Path) -> dict[str, str]:
    """The environment every Flower process starts with: telemetry and update checks off."""
    env = dict(os.environ)
    env.update(
        FLWR_TELEMETRY_ENABLED="0",
        FLWR_DISABLE_UPDATE_CHECK="1",
        FLWR_HOME=str(home),
        PYTHONUNBUFFERED="1",
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",  # Flower starts its helpers by name
    )
    return env


def write_app(target: Path) -> Path:
    """The Flower app directory `flwr run` bundles: pyproject.toml and this package's modules."""
    package = target / APP_PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    for path in bundle_files():
        shutil.copyfile(path, package / path.name)
    (target / "pyproject.toml").write_text(
        f"""[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "concord-federated-study"
version = "1.0.0"
description = "Concord federated study: exact federated Newton for Cox and logistic models"
license = "AGPL-3.0-or-later"
dependencies = ["flwr=={FLWR_VERSION}"]

[tool.flwr.app]
publisher = "concord"

[tool.flwr.app.components]
serverapp = "{APP_PACKAGE}.flower_app:server_app"
clientapp = "{APP_PACKAGE}.flower_app:client_app"

[tool.flwr.app.config]
spec-hex = ""
approved-bundle-hash = ""
approved-spec-digest = ""
results-path = ""
parties = 0
node-ids = ""
""",
        encoding="utf-8",
    )
    return target


def node_key_pair(directory: Path, name: str) -> tuple[Path, Path]:
    """A SuperNode's authentication keys (OpenSSH format, P-384): private and public paths."""
    key = ec.generate_private_key(ec.SECP384R1())
    private = directory / f"{name}_key"
    public = directory / f"{name}_key.pub"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
    )
    private.chmod(0o600)
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        )
    )
    return private, public


NODE_KEY = "node_key"  # a node's private key, in its own directory on its own machine


def registered_key_pair(
    directory: Path, name: str, data_dir: Path, public: str
) -> tuple[Path, Path]:
    """The key pair of a node whose public key its steward registered: the public key as given,
    the private one where the node keeps it (on loopback, `node_key` in its data directory, which
    stands for the partner's machine). Refused at once if the two do not belong together, rather
    than left to the coordinator to turn the node away."""
    private = data_dir / NODE_KEY
    if not private.is_file():
        raise RuntimeError(f"{name}'s node key is not on this machine ({private} is missing)")
    key = serialization.load_ssh_private_key(private.read_bytes(), password=None)
    own = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    given = serialization.load_ssh_public_key(public.strip().encode()).public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    if own != given:
        raise RuntimeError(f"{name}'s node key is not the public key registered for it")
    registered = directory / f"{name}_key.pub"
    registered.write_bytes(given)
    return private, registered


def _wait_port(port: int, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"a Flower process exited early (code {process.returncode})")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port}")


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    """Signal the process group this engine started for one Flower process (never any other)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _pairs(node_ids: Mapping[str, int]) -> str:
    """The run's nodes for the ServerApp: `party=node id`, comma-separated."""
    return ",".join(f"{party}={node}" for party, node in sorted(node_ids.items()))


def _toml_str(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


class Deployment:
    """SuperLink + SuperNodes on loopback; use as a context manager so they always stop."""

    def __init__(
        self,
        data_dirs: dict[str, Path],
        work_dir: Path,
        base_port: int,
        pins: tuple[str, str] | None = None,
        public_keys: Mapping[str, str] | None = None,
    ) -> None:
        # public_keys: per party, the OpenSSH public key its steward registered; only that key's
        # node may connect. A party without one gets a throwaway pair made for the run.
        self.public_keys = dict(public_keys or {})
        # pins: the approved bundle hash and spec digest each party's steward set on its node.
        self.pins = pins
        self.data_dirs = {p: Path(d).resolve() for p, d in sorted(data_dirs.items())}
        self.work = work_dir
        # Flower 1.42 serves the Control, Fleet and runtime APIs over HTTP on one port.
        self.port = base_port
        self.processes: list[subprocess.Popen] = []
        self.logs: list = []

    def _start(self, name: str, args: list[str], home: Path) -> subprocess.Popen:
        home.mkdir(parents=True, exist_ok=True)
        log = (self.work / f"{name}.log").open("wb")
        self.logs.append(log)
        process = subprocess.Popen(  # noqa: S603 - our own Flower executables, fixed arguments
            [str(BIN / args[0]), *args[1:]],
            env=flower_env(home),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.work,
            start_new_session=True,  # its helpers (SuperExec, app processes) share its group
        )
        self.processes.append(process)
        return process

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [str(BIN / "flwr"), *args],
            env=flower_env(self.work / "cli"),
            capture_output=True,
            text=True,
            cwd=self.work,
            timeout=120,
            check=False,
        )

    def __enter__(self) -> Deployment:
        cli_home = self.work / "cli"
        cli_home.mkdir(parents=True, exist_ok=True)
        tls = loopback_certificates(self.work)
        (cli_home / "config.toml").write_text(
            '[superlink]\ndefault = "loop"\n\n[superlink.loop]\n'
            f'address = "127.0.0.1:{self.port}"\n'
            f"root-certificates = {_toml_str(str(tls['ca']))}\n",
            encoding="utf-8",
        )
        self.start_superlink(tls)
        for index, (party, data_dir) in enumerate(self.data_dirs.items()):
            if party in self.public_keys:
                private, public = registered_key_pair(
                    self.work, party, data_dir, self.public_keys[party]
                )
            else:
                private, public = node_key_pair(self.work, party)
            registered = self.cli("supernode", "register", str(public), "loop")
            if registered.returncode != 0:
                raise RuntimeError(f"registering {party}'s node failed: {registered.stderr[-500:]}")
            config = f"party={_toml_str(party)} data-dir={_toml_str(str(data_dir))}"
            if self.pins:
                config += f" approved-bundle-hash={_toml_str(self.pins[0])}"
                config += f" approved-spec-digest={_toml_str(self.pins[1])}"
            self._start(
                f"supernode-{party}",
                [
                    "flower-supernode",
                    f"--root-certificates={tls['ca']}",
                    f"--superlink=127.0.0.1:{self.port}",
                    "--host=127.0.0.1",
                    f"--port={self.port + 1 + index}",
                    f"--auth-supernode-private-key={private}",
                    f"--node-config={config}",
                ],
                self.work / f"node-{party}",
            )
        return self

    def start_superlink(self, tls: Mapping[str, Path], host: str = "127.0.0.1") -> None:
        """The SuperLink: TLS, only registered SuperNodes admitted, no installs at run time."""
        link = self._start(
            "superlink",
            [
                "flower-superlink",
                f"--ssl-certfile={tls['cert']}",
                f"--ssl-keyfile={tls['key']}",
                f"--ssl-ca-certfile={tls['ca']}",
                "--enable-supernode-auth",
                "--disable-runtime-dependency-installation",
                f"--host={host}",
                f"--port={self.port}",
            ],
            self.work / "superlink",
        )
        _wait_port(self.port, 60, link)

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            _signal_group(process, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            _signal_group(process, signal.SIGKILL)  # any helper left behind
        for log in self.logs:
            log.close()

    def run(
        self,
        spec: StudySpec,
        approved_bundle_hash: str,
        approved_spec_digest: str,
        on_round: Callable[[RoundMetrics], None] | None,
        timeout: float,
        node_ids: Mapping[str, int] | None = None,
    ) -> RunResult:
        """Submit the approved app with `flwr run` and follow its results; with `node_ids` (a
        shared coordinator) the ServerApp addresses those nodes and no other."""
        started = time.monotonic()
        app = write_app(self.work / "app")
        results = self.work / "results.jsonl"
        results.unlink(missing_ok=True)
        overrides = self.work / "run_config.toml"
        overrides.write_text(
            "\n".join(
                [
                    f"spec-hex = {_toml_str(spec.to_json().encode().hex())}",
                    f"approved-bundle-hash = {_toml_str(approved_bundle_hash)}",
                    f"approved-spec-digest = {_toml_str(approved_spec_digest)}",
                    f"results-path = {_toml_str(str(results))}",
                    f"parties = {len(node_ids or self.data_dirs)}",
                    f"node-ids = {_toml_str(_pairs(node_ids or {}))}",
                ]
            )
            + "\n",
            encoding="utf-8",
        )
        submitted = self.cli("run", str(app), "loop", "--run-config", str(overrides))
        if submitted.returncode != 0:
            raise RuntimeError(f"flwr run failed: {(submitted.stdout + submitted.stderr)[-800:]}")
        return self._follow(results, on_round, started, timeout)

    def _follow(self, results: Path, on_round, started: float, timeout: float) -> RunResult:
        seen = 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = results.read_text(encoding="utf-8").splitlines() if results.exists() else []
            for line in lines[seen:]:
                entry = json.loads(line)
                if "round" in entry and on_round:
                    on_round(RoundMetrics(**entry["round"]))
                if "refused" in entry:
                    raise RunRefused(entry["refused"], validation=entry.get("validation", {}))
                if "result" in entry:
                    done = entry["result"]
                    return RunResult(
                        rounds=[RoundMetrics(**r) for r in done["rounds"]],
                        final=done["final"],
                        per_party=done["per_party"],
                        local_only=done["local_only"],
                        model=bytes.fromhex(done["model"]),
                        model_hash=done["model_hash"],
                        seconds=time.monotonic() - started,
                        engine="deployment",
                    )
            seen = len(lines)
            time.sleep(0.2)
        raise TimeoutError(f"the run did not finish within {timeout:.0f} s (logs in {self.work})")


def run_deployment(
    spec: StudySpec,
    data_dirs: dict[str, Path],
    approved_bundle_hash: str,
    approved_spec_digest: str,
    on_round: Callable[[RoundMetrics], None] | None = None,
    *,
    base_port: int = 19100,
    work_dir: Path | None = None,
    timeout: float = 300.0,
    public_keys: Mapping[str, str] | None = None,
) -> RunResult:
    """Start SuperLink and SuperNodes on loopback, run the study through `flwr run`, stop them.

    Each node is started with the approved hash and digest pinned in its own configuration, as
    its steward would; the run's configuration carries them too. With `public_keys`, a party's
    node authenticates with the key its steward registered (its private half in `node_key` in
    its data directory); the others with a pair made for the run.
    """
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="concord-fl-"))
    work.mkdir(parents=True, exist_ok=True)
    pins = (approved_bundle_hash, approved_spec_digest)
    with Deployment(data_dirs, work, base_port, pins, public_keys) as deployment:
        return deployment.run(spec, approved_bundle_hash, approved_spec_digest, on_round, timeout)
