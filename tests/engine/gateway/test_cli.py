"""`python -m engine` as an operator runs it: ports, token, bind address checks, SIGTERM."""

from __future__ import annotations

import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import httpx
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from engine.__main__ import parse_options
from tests.engine.gateway import diagrams

ROOT = Path(__file__).resolve().parents[3]
LISTENING = re.compile(r"grpc=\S+:(\d+) rest=\S+:(\d+)")


class EngineProcess:
    def __init__(self, *args: str, token: str | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if k != "ENGINE_AUTH_TOKEN"}
        if token is not None:
            env["ENGINE_AUTH_TOKEN"] = token
        self.process = subprocess.Popen(
            [sys.executable, "-m", "engine", "--gateway-port", "0", "--rest-port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
            env=env,
        )
        self.output: list[str] = []
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            found = LISTENING.search(line)
            if found:
                self.grpc_port, self.rest_port = int(found[1]), int(found[2])
                return
        raise AssertionError(f"the engine did not start: {''.join(self.output)}")

    def stub(self, channel: grpc.Channel) -> GatewayStub:
        return GatewayStub(channel)  # type: ignore[no-untyped-call]

    def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=20)
        assert self.process.stdout is not None
        self.output += self.process.stdout.readlines()
        return code


@pytest.fixture
def started() -> Iterator[list[EngineProcess]]:
    processes: list[EngineProcess] = []
    yield processes
    for engine in processes:
        if engine.process.poll() is None:
            engine.process.kill()
            engine.process.wait(timeout=10)


def test_serves_grpc_and_rest_and_exits_cleanly_on_sigterm(
    started: list[EngineProcess], tmp_path: Path
) -> None:
    (tmp_path / "one.bpmn").write_bytes(diagrams.one_task())
    engine = EngineProcess("--deploy", str(tmp_path))
    started.append(engine)
    with grpc.insecure_channel(f"127.0.0.1:{engine.grpc_port}") as channel:
        created = engine.stub(channel).CreateProcessInstance(
            pb.CreateProcessInstanceRequest(bpmnProcessId="one_task"), timeout=10
        )
    search = httpx.post(f"http://127.0.0.1:{engine.rest_port}/v2/process-instances/search", json={})
    assert [item["processInstanceKey"] for item in search.json()["items"]] == [
        str(created.processInstanceKey)
    ]
    assert engine.terminate() == 0
    assert any("stopped" in line for line in engine.output), "".join(engine.output)
    assert not any("Traceback" in line for line in engine.output), "".join(engine.output)


def test_with_a_token_set_clients_need_it(started: list[EngineProcess]) -> None:
    engine = EngineProcess(token="s3cret")
    started.append(engine)
    address = f"127.0.0.1:{engine.grpc_port}"
    with grpc.insecure_channel(address) as channel:
        with pytest.raises(grpc.RpcError) as refused:
            engine.stub(channel).Topology(pb.TopologyRequest(), timeout=10)
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.RpcError) as wrong:
            engine.stub(channel).Topology(
                pb.TopologyRequest(), timeout=10, metadata=[("authorization", "Bearer guess")]
            )
        assert wrong.value.code() == grpc.StatusCode.UNAUTHENTICATED
        topology = engine.stub(channel).Topology(
            pb.TopologyRequest(), timeout=10, metadata=[("authorization", "Bearer s3cret")]
        )
        assert topology.clusterSize == 1
    rest = f"http://127.0.0.1:{engine.rest_port}/v2/topology"
    assert httpx.get(rest).status_code == 401
    assert httpx.get(rest, headers={"authorization": "Bearer s3cret"}).status_code == 200
    assert engine.terminate() == 0


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_refuses_a_non_loopback_address_without_tls(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_options(["--host", host])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "--insecure-remote" in error
    assert "--tls-cert" in error


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_needs_no_tls(host: str) -> None:
    assert parse_options(["--host", host]).host == host


def test_insecure_remote_accepts_a_non_loopback_address(started: list[EngineProcess]) -> None:
    engine = EngineProcess("--host", "0.0.0.0", "--insecure-remote")
    started.append(engine)
    with grpc.insecure_channel(f"127.0.0.1:{engine.grpc_port}") as channel:
        assert engine.stub(channel).Topology(pb.TopologyRequest(), timeout=10).clusterSize == 1
    assert engine.terminate() == 0


def test_tls_needs_both_certificate_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("not used")
    with pytest.raises(SystemExit) as exited:
        parse_options(["--tls-cert", str(cert)])
    assert exited.value.code == 2
    assert "--tls-key" in capsys.readouterr().err


def run_engine(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )


def test_a_taken_port_is_refused_not_shared(started: list[EngineProcess]) -> None:
    engine = EngineProcess()
    started.append(engine)
    second = run_engine("--gateway-port", str(engine.grpc_port), "--rest-port", "0")
    assert second.returncode == 1
    assert f"gRPC port {engine.grpc_port}" in second.stderr
    assert engine.terminate() == 0


def test_a_rejected_deployment_stops_the_start_naming_the_element(tmp_path: Path) -> None:
    (tmp_path / "broken.bpmn").write_bytes(diagrams.INVALID_BPMN)
    result = run_engine("--gateway-port", "0", "--rest-port", "0", "--deploy", str(tmp_path))
    assert result.returncode == 1
    assert "broken.bpmn" in result.stderr
    assert "no_type" in result.stderr
    missing = run_engine("--gateway-port", "0", "--rest-port", "0", "--deploy", str(tmp_path / "nope.bpmn"))
    assert missing.returncode == 1
    assert "nope.bpmn: no such file or folder" in missing.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_serves_tls_on_a_non_loopback_bind(started: list[EngineProcess], tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    engine = EngineProcess("--host", "0.0.0.0", "--tls-cert", str(cert), "--tls-key", str(key), token="t0k")
    started.append(engine)
    credentials = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
    with grpc.secure_channel(f"localhost:{engine.grpc_port}", credentials) as channel:
        topology = engine.stub(channel).Topology(
            pb.TopologyRequest(), timeout=10, metadata=[("authorization", "Bearer t0k")]
        )
    assert topology.clusterSize == 1
    response = httpx.get(
        f"https://localhost:{engine.rest_port}/v2/topology",
        headers={"authorization": "Bearer t0k"},
        verify=ssl.create_default_context(cafile=str(cert)),
    )
    assert response.status_code == 200
    assert engine.terminate() == 0
