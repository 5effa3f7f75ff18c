"""``govit run``: the whole application on one machine, for a first look and for demos.

It starts the embedded engine (gateway, REST API and the web workspace) with its state under the
data folder and the directory of users on (demo users for every group of every region), deploys
bpmn/, decisions/ and forms/, starts the job workers with laptop defaults (the in-app outbox
instead of mail, the registry on SQLite), starts a sample project and follows it on a live
timeline until Ctrl-C (or SIGTERM), then stops the workers and the engine in that order.

The workers and this runner use the engine's service token, made once and kept in a file only
its owner reads; people sign in to the workspace, or use their own `govit users token`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import IO

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from engine.identity.directory import Directory
from govit.form_source import FormNotFound, task_form
from govit.forms import Field, fields
from govit.gateway import Gateway, GatewayError, resource_files
from govit.instance_view import InstanceView, read_instance, waits_for
from govit.project import ProjectFileError, load_project
from govit.render import path_tree
from govit.rest import ApiError, NotFoundError, RestClient
from govit.run_guard import PID_FILE, running_instance
from govit.settings import ClusterSettings
from govit.users import create_demo_users

RESOURCES = [Path("bpmn"), Path("decisions"), Path("forms")]
LOCAL_DIRECTORY = Path("deploy/directory.local.yaml")
SAMPLE_DOCUMENTS = Path("deploy/samples/documents")
DEMO_PASSWORD_FILE = "demo-password.txt"
SERVICE_TOKEN_FILE = "service-token.txt"
SAMPLES = Path("deploy/samples")
STARTUP_SECONDS = 60.0
STOP_SECONDS = 30.0


class _Stop(Exception):
    """SIGINT or SIGTERM arrived: stop everything cleanly."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_port(preferred: int) -> int:
    """``preferred`` when it is free, so the documented addresses hold; another free port otherwise."""
    if _port_free(preferred):
        return preferred
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def worker_environment(
    data_dir: Path,
    zeebe_address: str,
    environ: dict[str, str],
    *,
    rest_address: str | None = None,
    token: str | None = None,
) -> dict[str, str]:
    """The workers' environment: what the user set wins; laptop defaults fill the rest.

    With the engine's ``rest_address`` and service ``token``, the workers hold that token and the
    notifications find their recipients in the engine's own directory (the demo users of every
    region), unless the user named a directory of their own."""
    env = dict(environ)
    env["ZEEBE_ADDRESS"] = zeebe_address
    # the dossier archived at acceptance is read from this engine's REST API and kept with its
    # documents, with the service token when the engine has one
    env["CAMUNDA_REST_ADDRESS"] = rest_address or "http://127.0.0.1:8080"
    for name in (
        "ZEEBE_CLIENT_ID",
        "ZEEBE_CLIENT_SECRET",
        "ZEEBE_AUTHORIZATION_SERVER_URL",
        "ZEEBE_TLS",
        "GOVIT_REST_TOKEN",
    ):
        env.pop(name, None)  # the embedded engine on loopback speaks plaintext without OAuth
    env.setdefault("GOVIT_DATA_DIR", str(data_dir))
    if token is not None:
        env["ENGINE_AUTH_TOKEN"] = token
        env["GOVIT_REST_TOKEN"] = token  # the archive job reads records and stores the PDF with it
    if (
        rest_address is not None
        and token is not None
        and not {"GOVIT_DIRECTORY", "GOVIT_IDENTITY_ADDRESS"} & set(env)
    ):
        env["GOVIT_IDENTITY_ADDRESS"] = rest_address
        env["GOVIT_IDENTITY_TOKEN"] = token
    if "GOVIT_IDENTITY_ADDRESS" not in env:  # GOVIT_DIRECTORY would win over it in the workers
        env.setdefault("GOVIT_DIRECTORY", str(LOCAL_DIRECTORY))
    env.setdefault("GOVIT_DOCUMENT_DIR", str(data_dir / "documents"))
    env.setdefault("GOVIT_REGISTRY_URL", f"sqlite:///{data_dir / 'registry.db'}")
    env.setdefault("GOVIT_SHUTDOWN_GRACE_SECONDS", "5")
    return env


_KINDS = {
    "number": "number",
    "checkbox": "true/false",
    "checklist": "a,b",
    "taglist": "a,b",
    "dynamiclist": "JSON list",
}


def describe_field(field: Field) -> str:
    """One line per form field for the next-steps hint: key, kind, required, and when it is hidden."""
    text = f"{field.key}{'*' if field.required else ''} ({_KINDS.get(field.type, 'text')})"
    if field.options:
        text += f" one of {', '.join(map(str, field.options))}"
    if field.label:
        text += f" {field.label}"
    if field.hidden_when:
        text += f"; not asked when {' or '.join(field.hidden_when)}"
    return text


def _owner_only_secret(path: Path, length: int) -> str:
    """A random secret kept in ``path`` (made once, readable by its owner only, never printed)."""
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(length) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def sample_units(samples: Path = SAMPLES) -> dict[str, str]:
    """Each region's sample applying unit, by the region's group prefix (``lg``…)."""
    units: dict[str, str] = {}
    for file in sorted(samples.glob("*-project.yaml")):
        try:
            project = load_project(file)
        except ProjectFileError:
            continue
        units[project.jurisdiction.lower()] = project.unit
    return units


class LocalRun:
    def __init__(  # noqa: PLR0917 - one parameter per `govit run` option
        self,
        data_dir: Path,
        sample: Path,
        gateway_port: int,
        rest_port: int,
        console: Console,
        web_port: int = 8088,
    ) -> None:
        self.data_dir = data_dir
        self.sample = sample
        self.gateway_port = _free_port(gateway_port)
        self.rest_port = _free_port(rest_port)
        self.web_port = _free_port(web_port)
        self.console = console
        self.children: list[tuple[str, subprocess.Popen[bytes], IO[bytes]]] = []
        self.token_file = data_dir / "engine" / SERVICE_TOKEN_FILE
        self.settings = ClusterSettings(
            zeebe_address=f"127.0.0.1:{self.gateway_port}", rest_address=f"http://127.0.0.1:{self.rest_port}"
        )

    def run(self) -> int:
        busy = running_instance(self.data_dir)
        if busy is not None:  # a second engine on the same store would diverge from the first
            self.console.print(f"[bold red]error:[/] {busy}", highlight=False, soft_wrap=True)
            return 1
        previous = {s: signal.signal(s, _raise_stop) for s in (signal.SIGINT, signal.SIGTERM)}
        pid_file = self.data_dir / PID_FILE
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            pid_file.write_text(str(os.getpid()))
            (self.data_dir / "engine").mkdir(parents=True, exist_ok=True)
            self.settings = replace(self.settings, token=_owner_only_secret(self.token_file, 32))
            self._create_demo_users()
            self._start_engine()
            self._deploy()
            self._start_workers()
            self._follow(self._start_sample())
            return 0
        except _Stop:
            return 0
        except (GatewayError, ApiError, ProjectFileError, RuntimeError, OSError) as error:
            self.console.print(f"[bold red]error:[/] {error}")
            self.console.print(f"logs: {self.data_dir / 'logs'}")
            return 1
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            self._stop_children()
            pid_file.unlink(missing_ok=True)
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        logs = self.data_dir / "logs"
        logs.mkdir(exist_ok=True)
        log = (logs / f"{name}.log").open("ab")
        # its own process group: a terminal's Ctrl-C reaches only this runner, which stops the
        # children in order (workers first, so no job is left half-done against a stopped engine)
        child = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, process_group=0)
        self.children.append((name, child, log))
        return child

    def _create_demo_users(self) -> None:
        """Demo users for every group of every region's diagrams, one password for all of them kept
        in a file only its owner reads (never printed, so never in a log)."""
        engine_dir = self.data_dir / "engine"
        engine_dir.mkdir(parents=True, exist_ok=True)
        password_file = engine_dir / DEMO_PASSWORD_FILE
        password = _owner_only_secret(password_file, 12)
        directory = Directory.open(engine_dir)
        try:
            created = create_demo_users(directory, Path("bpmn"), password, sample_units())
            groups = len(directory.groups())
        finally:
            directory.close()
        self.password_file = password_file
        self.console.print(
            f"directory: {groups} groups from the diagrams, each with a demo user demo-<group> "
            f"({len(created)} new), and demo-ops, demo-process-owner, demo-admin; "
            f"manage them with `govit users`",
            highlight=False,
        )

    def _start_engine(self) -> None:
        self.console.print(
            f"starting the engine: gateway 127.0.0.1:{self.gateway_port}, REST {self.settings.rest_address}, "
            f"workspace http://127.0.0.1:{self.web_port}",
            highlight=False,
        )
        registry = worker_environment(self.data_dir, self.settings.zeebe_address, dict(os.environ))
        assert self.settings.token is not None
        engine = self._spawn(
            "engine",
            [
                sys.executable, "-m", "engine", "--identity",
                "--gateway-port", str(self.gateway_port),
                "--rest-port", str(self.rest_port),
                "--web-port", str(self.web_port),
                "--registry-url", registry["GOVIT_REGISTRY_URL"],
                "--data-dir", str(self.data_dir / "engine"),
            ],
            # the directory guards both APIs; the workers and this runner hold the service token
            {**os.environ, "ENGINE_AUTH_TOKEN": self.settings.token},
        )  # fmt: skip
        deadline = time.monotonic() + STARTUP_SECONDS
        with RestClient(self.settings) as rest:
            while True:
                if engine.poll() is not None:
                    raise RuntimeError(f"the engine stopped at start (exit {engine.returncode})")
                try:
                    rest.topology()
                    self._print_sign_in()
                    return
                except ApiError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"the engine did not answer within {STARTUP_SECONDS:.0f} s"
                        ) from None
                    time.sleep(0.2)

    def _print_sign_in(self) -> None:
        self.console.print(
            f"workspace: http://127.0.0.1:{self.web_port}  sign in as demo-lg-ita-reviewers, demo-lg-owner, "
            f"demo-ops (or demo-<group> for any group) with the password in {self.password_file}",
            highlight=False,
            soft_wrap=True,
        )

    def _deploy(self) -> None:
        files = resource_files(RESOURCES)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=self.console
        ) as bar:
            job = bar.add_task("deploying bpmn/, decisions/, forms/", total=len(files))
            key = Gateway(self.settings).deploy(files, on_progress=lambda _: bar.advance(job))
        self.console.print(f"deployed {len(files)} resources (deployment {key})")

    def _start_workers(self) -> None:
        documents = self.data_dir / "documents"
        documents.mkdir(exist_ok=True)
        for sample in sorted(SAMPLE_DOCUMENTS.glob("*")):
            if not (documents / sample.name).exists():
                shutil.copyfile(sample, documents / sample.name)
        env = worker_environment(
            self.data_dir,
            self.settings.zeebe_address,
            dict(os.environ),
            rest_address=self.settings.rest_address,
            token=self.settings.token,
        )
        self._spawn("workers", [sys.executable, "-m", "workers"], env)
        self.console.print(
            "started the workers (notifications to the directory's users' in-app outbox, registry on SQLite)"
        )

    def _start_sample(self) -> str:
        marker = self.data_dir / "sample-instance"
        with RestClient(self.settings) as rest:
            if marker.exists():
                key = marker.read_text().strip()
                try:
                    if rest.process_instance(key)["state"] == "ACTIVE":
                        self.console.print(f"the sample project is still running: instance {key}")
                        return key
                except NotFoundError:
                    pass
        project = load_project(self.sample)
        key = str(Gateway(self.settings).start(project.process_id(), project.variables()))
        marker.write_text(key)
        self.console.print(f"started the sample project {project.projectName}: instance {key}")
        return key

    def _next_steps(self, view: InstanceView) -> Panel:
        lines = Text()
        env = (
            f"CAMUNDA_REST_ADDRESS={self.settings.rest_address} ZEEBE_ADDRESS={self.settings.zeebe_address} "
        )
        defaults = self.gateway_port == 26500 and self.rest_port == 8080
        # the engine's service token; a person may use their own: `govit users token demo-…`
        prefix = ("" if defaults else env) + f"ENGINE_AUTH_TOKEN=$(cat {self.token_file}) "
        with RestClient(self.settings) as rest:
            for task in view.waiting:
                try:
                    form_fields = fields(task_form(rest, task, Path("bpmn"), Path("forms")))
                except (FormNotFound, ApiError):
                    form_fields = []
                lines.append(
                    f"{task.get('name') or task['elementId']} waits for {waits_for(task)}", style="bold"
                )
                if task.get("dueDate"):
                    lines.append(f", due {task['dueDate']}")
                command = (
                    f"{prefix}.venv/bin/python -m govit complete {task['userTaskKey']} --set FIELD=VALUE ..."
                )
                lines.append(f"\n  {command}\n")
                for field in form_fields:
                    lines.append(f"    {describe_field(field)}\n", style="dim")
        lines.append(f"\n  {prefix}.venv/bin/python -m govit show {view.root['processInstanceKey']}\n")
        lines.append(f"workspace: http://127.0.0.1:{self.web_port}  ")
        lines.append(f"REST API: {self.settings.rest_address}/v2  gateway: {self.settings.zeebe_address}  ")
        lines.append(f"logs: {self.data_dir / 'logs'}\nCtrl-C stops everything.")
        return Panel(lines, title="what to do next")

    def _follow(self, instance: str) -> None:
        shown: tuple[str, ...] | None = None
        with RestClient(self.settings) as rest:
            live = (
                Live(console=self.console, refresh_per_second=2, transient=False)
                if self.console.is_terminal
                else None
            )
            if live:
                live.start()
            try:
                while True:
                    self._check_children()
                    view = read_instance(rest, instance)
                    state = (
                        tuple(sorted(t["userTaskKey"] for t in view.waiting))
                        + tuple(i["incidentKey"] for i in view.incidents)
                        + (view.root["state"],)
                    )
                    if state != shown:
                        shown = state
                        screen = Group(path_tree(view), self._next_steps(view))
                        if live:
                            live.update(screen)
                        else:
                            self._print_plain(view)
                    time.sleep(1.0)
            finally:
                if live:
                    live.stop()

    def _print_plain(self, view: InstanceView) -> None:
        for task in view.waiting:
            due = f" due {task['dueDate']}" if task.get("dueDate") else ""
            self.console.print(
                f"waiting: {task['elementId']} task {task['userTaskKey']} for {waits_for(task)}{due}",
                highlight=False,
            )
        for incident in view.incidents:
            self.console.print(
                f"incident {incident['incidentKey']} at {incident['elementId']}: {incident['errorMessage']}"
            )
        self.console.print(
            f"instance {view.root['processInstanceKey']}: {view.root['state']}", highlight=False
        )
        if view.waiting:
            self.console.print(self._next_steps(view))

    def _check_children(self) -> None:
        for name, child, _ in self.children:
            if child.poll() is not None:
                raise RuntimeError(
                    f"the {name} stopped (exit {child.returncode}); see {self.data_dir / 'logs' / name}.log"
                )

    def _stop_children(self) -> None:
        for name, child, log in reversed(self.children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    self.console.print(f"the {name} did not stop within {STOP_SECONDS:.0f} s: killed")
                    child.kill()
                    child.wait()
            log.close()
        if self.children:
            self.console.print("stopped the workers and the engine")
        self.children.clear()
