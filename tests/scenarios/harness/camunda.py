"""A real Camunda 8.8 Orchestration Cluster in Docker, configured as deploy/docker-compose.yaml does,
and the scenario backend over it.

The images and the environment come from the compose file itself, so the scenarios run against what
operators deploy: ``camunda/camunda`` (broker, gateway, Operate, Tasklist, REST API, unprotected
API, no authorizations) on Elasticsearch as secondary storage (8.8 offers no RDBMS/H2 secondary
storage; that arrives in 8.9), both on one Docker network under the compose service names. Two
settings differ from the compose file, for tests only: Elasticsearch does not lock its memory, and
the engine clock is controlled (``ZEEBE_CLOCK_CONTROLLED``), as camunda-process-test runs it. The
scenarios pin that clock with ``PUT /v2/clock``, as they do on the embedded engine.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import httpx
import yaml
from pyzeebe import ZeebeClient, create_insecure_channel
from testcontainers.core.container import DockerContainer
from testcontainers.core.network import Network

from harness.backends import Endpoints

PROJECT = Path(__file__).resolve().parents[3]
COMPOSE = PROJECT / "deploy" / "docker-compose.yaml"

GATEWAY_PORT = 26500
REST_PORT = 8080
ELASTICSEARCH_PORT = 9200
# Each container's own start-up, counted once its image is pulled (a cold pull comes on top).
STARTUP_TIMEOUT_S = 300.0


class ClusterNotReady(RuntimeError):
    """The cluster did not become ready in time; the message holds the last probe and the log tail."""


def docker_unavailable_reason() -> str | None:
    """Why no Docker engine can be used here, or None when one answers a ping (never blocks long)."""
    try:
        client = docker.from_env(timeout=5)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:  # docker raises DockerException, requests' and OS errors alike
        return f"no Docker engine: {type(error).__name__}: {error}"
    return None


@dataclass(frozen=True)
class ClusterAddresses:
    zeebe_address: str  # host:port of the Zeebe gateway (gRPC)
    rest_address: str  # http://host:port of the Orchestration Cluster REST API (without /v2)


def compose_service(name: str) -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    return dict(services[name])


def _elasticsearch(network: Network) -> DockerContainer:
    service = compose_service("elasticsearch")
    environment = {key: str(value) for key, value in service["environment"].items()}
    # Locking memory needs the memlock ulimit, which rootless and CI engines often refuse; a test
    # cluster does not need it.
    environment["bootstrap.memory_lock"] = "false"
    container = DockerContainer(service["image"]).with_network(network).with_network_aliases("elasticsearch")
    return container.with_envs(**environment).with_exposed_ports(ELASTICSEARCH_PORT)


def _orchestration(network: Network) -> DockerContainer:
    service = compose_service("orchestration")
    environment = {key: str(value) for key, value in service["environment"].items()}
    # Scenarios pin the engine clock through PUT /v2/clock, which 8.8 accepts either way; the
    # setting also opens the management clock endpoint, as camunda-process-test's runtime has it.
    environment["ZEEBE_CLOCK_CONTROLLED"] = "true"
    container = DockerContainer(service["image"]).with_network(network).with_network_aliases("orchestration")
    return container.with_envs(**environment).with_exposed_ports(GATEWAY_PORT, REST_PORT)


def _wait(probe: Any, what: str, container: DockerContainer, deadline: float) -> None:
    last = "not probed yet"
    while time.monotonic() < deadline:
        try:
            outcome = probe()
        except Exception as error:  # every probe failure means "not yet"; the last one is reported
            outcome = f"{type(error).__name__}: {error}"
        if outcome is True:
            return
        last = str(outcome)
        time.sleep(2)
    stdout, stderr = container.get_logs()
    tail = (stdout + stderr).decode("utf-8", "replace")[-4000:]
    raise ClusterNotReady(
        f"{what} not ready after {STARTUP_TIMEOUT_S:.0f} s: {last}\n--- log tail ---\n{tail}"
    )


def _gateway_healthy(zeebe_address: str) -> bool | str:
    async def topology() -> bool | str:
        channel = create_insecure_channel(grpc_address=zeebe_address)
        try:
            response = await ZeebeClient(channel).topology()
        finally:
            await channel.close()
        partitions = [p for broker in response.brokers for p in broker.partitions]
        if partitions and all(p.health == 0 for p in partitions) and any(p.role == 0 for p in partitions):
            return True  # every partition HEALTHY (0) and a LEADER (0) for one at least
        return f"topology: {len(response.brokers)} brokers, partitions {partitions}"

    return asyncio.run(topology())


def _rest_ready(rest_address: str) -> bool | str:
    topology = httpx.get(f"{rest_address}/v2/topology", timeout=10)
    if topology.status_code != 200 or not topology.json().get("brokers"):
        return f"GET /v2/topology: {topology.status_code} {topology.text[:200]}"
    # Searches read the secondary storage, which answers only once the exporter created its indices.
    search = httpx.post(f"{rest_address}/v2/process-instances/search", json={}, timeout=10)
    if search.status_code != 200:
        return f"POST /v2/process-instances/search: {search.status_code} {search.text[:200]}"
    return True


@contextmanager
def running_cluster() -> Iterator[ClusterAddresses]:
    """Start Elasticsearch and the Orchestration Cluster, wait until both APIs answer, stop both after."""
    with ExitStack() as stack:
        network = stack.enter_context(Network())
        elasticsearch = stack.enter_context(_elasticsearch(network))
        es_deadline = time.monotonic() + STARTUP_TIMEOUT_S
        es_url = f"http://{elasticsearch.get_container_host_ip()}:{elasticsearch.get_exposed_port(ELASTICSEARCH_PORT)}"

        def es_healthy() -> bool | str:
            health = httpx.get(f"{es_url}/_cluster/health", timeout=10).json()
            return health.get("status") in ("green", "yellow") or f"elasticsearch health: {health}"

        _wait(es_healthy, "Elasticsearch", elasticsearch, es_deadline)
        orchestration = stack.enter_context(_orchestration(network))
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        host = orchestration.get_container_host_ip()
        addresses = ClusterAddresses(
            zeebe_address=f"{host}:{orchestration.get_exposed_port(GATEWAY_PORT)}",
            rest_address=f"http://{host}:{orchestration.get_exposed_port(REST_PORT)}",
        )
        _wait(lambda: _gateway_healthy(addresses.zeebe_address), "the Zeebe gateway", orchestration, deadline)
        _wait(lambda: _rest_ready(addresses.rest_address), "the REST API", orchestration, deadline)
        yield addresses


class CamundaBackend:
    """One cluster for the whole session; each test follows its own instances on it."""

    name = "camunda"
    # The exporter writes to Elasticsearch in bulks about once a second; a state read through the
    # REST API must hold for longer than that before it counts.
    read_lag_s = 2.5
    shared = True

    def __init__(self, addresses: ClusterAddresses) -> None:
        self._addresses = addresses
        self._deployed: set[str] = set()

    def already_deployed(self, digest: str) -> bool:
        return digest in self._deployed

    def deployed(self, digest: str) -> None:
        self._deployed.add(digest)

    @contextmanager
    def endpoints(self, start: _dt.datetime, loop: asyncio.AbstractEventLoop) -> Iterator[Endpoints]:
        yield Endpoints(self._addresses.zeebe_address, self._addresses.rest_address)
