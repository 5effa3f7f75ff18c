"""The deployment files read right: well-formed, pinned, wired, non-root, and every variable documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# an exact release: 8.8.36, 16.4-alpine3.20, v1.21.8 — never latest, a bare major or a floating minor
PINNED_TAG = re.compile(r"^v?\d+\.\d+\.\d+([-.][0-9A-Za-z.]+)?$")
# PostgreSQL numbers its releases major.minor (16.4 is one exact release)
TWO_PART_RELEASE = re.compile(r"^\d+\.\d+(-[0-9A-Za-z.]+)?$")
VARIABLE = re.compile(r"""["']((?:GOVIT|ZEEBE|CAMUNDA)_[A-Z0-9_]+)["']""")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def compose() -> dict[str, Any]:
    document: dict[str, Any] = load(DEPLOY / "docker-compose.yaml")
    return document


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose()["services"]
    return found


def tag_of(image: str) -> str:
    name, _, tag = image.rpartition(":")
    assert name and "/" not in tag, f"image {image!r} names no tag"
    return tag


def variables_read_by(package: str) -> set[str]:
    names: set[str] = set()
    for source in (ROOT / package).rglob("*.py"):
        names |= set(VARIABLE.findall(source.read_text(encoding="utf-8")))
    return names


def documented_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", section, flags=re.MULTILINE))


@pytest.mark.parametrize("path", sorted(DEPLOY.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_is_well_formed(path: Path) -> None:
    documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    assert documents and all(isinstance(d, dict) for d in documents)


def test_every_compose_image_is_pinned_to_an_exact_version() -> None:
    for name, service in services().items():
        image = service.get("image")
        assert image, f"service {name} has no image"
        tag = tag_of(image)
        pinned = PINNED_TAG.match(tag) or (image.startswith("postgres:") and TWO_PART_RELEASE.match(tag))
        assert pinned, f"service {name}: {image} is not pinned to a release"


def test_compose_runs_camunda_8_8_with_connectors_behind_a_profile() -> None:
    all_services = services()
    assert tag_of(all_services["orchestration"]["image"]).startswith("8.8.")
    assert all_services["orchestration"]["image"].startswith("camunda/camunda:")
    assert all_services["connectors"]["profiles"] == ["connectors"]
    assert tag_of(all_services["connectors"]["image"]).startswith("8.8.")
    env = all_services["orchestration"]["environment"]
    elastic = urlsplit(env["CAMUNDA_DATA_SECONDARYSTORAGE_ELASTICSEARCH_URL"])
    assert elastic.hostname in all_services


def test_workers_reach_the_gateway_the_registry_database_and_the_mail_server() -> None:
    all_services = services()
    workers = all_services["workers"]
    env = workers["environment"]
    host, port = env["ZEEBE_ADDRESS"].split(":")
    assert host == "orchestration"
    assert any(mapping.split(":")[-1] == port for mapping in all_services["orchestration"]["ports"])

    registry = urlsplit(env["GOVIT_REGISTRY_URL"])
    database = all_services["postgres"]["environment"]
    assert registry.scheme == "postgresql+psycopg"
    assert registry.hostname == "postgres" and registry.port == 5432
    assert registry.username == database["POSTGRES_USER"]
    assert registry.path == f"/{database['POSTGRES_DB']}"
    assert registry.password == database["POSTGRES_PASSWORD"]

    assert env["GOVIT_SMTP_HOST"] == "mailpit" and env["GOVIT_SMTP_PORT"] == "1025"
    assert set(workers["depends_on"]) >= {"orchestration", "postgres", "mailpit"}
    assert workers["build"]["dockerfile"] == "deploy/Dockerfile"


def test_the_deploy_service_deploys_every_resource_folder_to_the_cluster() -> None:
    deploy = services()["deploy"]
    assert deploy["command"][-3:] == ["bpmn", "decisions", "forms"]
    assert deploy["environment"]["ZEEBE_ADDRESS"] == services()["workers"]["environment"]["ZEEBE_ADDRESS"]
    assert urlsplit(deploy["environment"]["CAMUNDA_REST_ADDRESS"]).hostname == "orchestration"


def test_every_variable_given_to_the_workers_is_one_they_read() -> None:
    read = variables_read_by("workers")
    manifests = [services()["workers"]["environment"]]
    deployment = next(
        d
        for d in yaml.safe_load_all((DEPLOY / "kubernetes/workers.yaml").read_text())
        if d["kind"] == "Deployment"
    )
    manifests.append(
        {e["name"]: e.get("value") for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    )
    for environment in manifests:
        assert set(environment) <= read, f"unknown to the workers: {sorted(set(environment) - read)}"


def test_every_variable_the_workers_and_the_tool_read_is_documented_in_the_readme() -> None:
    read = variables_read_by("workers") | variables_read_by("govit")
    assert {"ZEEBE_ADDRESS", "GOVIT_DIRECTORY", "GOVIT_REGISTRY_URL", "CAMUNDA_REST_ADDRESS"} <= read
    missing = read - documented_variables()
    assert not missing, f"README's Configuration table lacks {sorted(missing)}"


def test_helm_values_pin_camunda_8_8_images() -> None:
    values = load(DEPLOY / "helm/values.yaml")
    assert values["orchestration"]["image"]["repository"] == "camunda/camunda"
    for component in ("orchestration", "connectors", "elasticsearch"):
        tag = str(values[component]["image"]["tag"])
        assert PINNED_TAG.match(tag), f"{component}: {tag} is not pinned to a release"
    assert str(values["orchestration"]["image"]["tag"]).startswith("8.8.")
    assert str(values["connectors"]["image"]["tag"]).startswith("8.8.")


def test_kubernetes_workers_run_non_root_against_the_release_gateway() -> None:
    documents = list(yaml.safe_load_all((DEPLOY / "kubernetes/workers.yaml").read_text()))
    deployment = next(d for d in documents if d["kind"] == "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    [container] = pod["containers"]
    assert PINNED_TAG.match(tag_of(container["image"]))
    env = {e["name"]: e.get("value") for e in container["env"]}
    # the camunda-platform chart names its gateway service <release>-zeebe-gateway
    assert env["ZEEBE_ADDRESS"] == "camunda-zeebe-gateway:26500"
    assert container["securityContext"]["allowPrivilegeEscalation"] is False


def dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


def test_dockerfile_pins_its_base_image_and_the_installer() -> None:
    text = dockerfile()
    arguments = dict(re.findall(r"^ARG (\w+)=(\S+)$", text, flags=re.MULTILINE))
    bases = re.findall(r"^FROM (\S+)", text, flags=re.MULTILINE)
    assert bases
    for base in bases:
        image = re.sub(r"\$\{(\w+)\}", lambda m: arguments[m.group(1)], base)
        assert PINNED_TAG.match(tag_of(image).split("-slim")[0]), f"base image {image} is not pinned"
    assert re.search(r"uv==\d+\.\d+\.\d+", text)
    assert "uv sync --frozen --no-dev" in text


def test_dockerfile_runs_as_a_non_root_user() -> None:
    users = re.findall(r"^USER (\S+)$", dockerfile(), flags=re.MULTILINE)
    assert users, "the image would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert re.search(rf"useradd .*--uid {user}\b", dockerfile())


@pytest.mark.parametrize("name", ["directory.local.yaml", "directory.compose.yaml"])
def test_the_shipped_directories_are_valid_and_cover_every_lg_candidate_group(name: str) -> None:
    from workers.notifications.directory import Directory

    directory = Directory.model_validate(load(DEPLOY / name))
    groups: set[str] = set()
    for bpmn in (ROOT / "bpmn/lg").glob("*.bpmn"):
        groups |= set(
            re.findall(r"candidateGroups=\"=\[&quot;([\w-]+)&quot;\]\"", bpmn.read_text(encoding="utf-8"))
        )
    assert groups and groups <= set(directory.groups)
    if name == "directory.local.yaml":  # on a laptop, nothing leaves the machine
        assert all(user.email is None for user in directory.users.values()) and not directory.robots


def test_compose_workers_use_the_directory_with_mailboxes() -> None:
    volumes = services()["workers"]["volumes"]
    assert "./directory.compose.yaml:/etc/govit/directory.yaml:ro" in volumes
    assert services()["workers"]["environment"]["GOVIT_DIRECTORY"] == "/etc/govit/directory.yaml"


def test_the_build_context_leaves_out_local_environments_but_keeps_what_the_image_copies() -> None:
    ignored = {
        line.strip()
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", "node_modules", ".git", "data"} <= ignored
    copied = set(re.findall(r"^COPY (?:--chown=\S+ )?(\S+)", dockerfile(), flags=re.MULTILINE))
    for source in copied - {"--from=build"}:
        assert source.split("/")[0] not in ignored, f"{source} is copied but left out of the context"
        assert (ROOT / source).exists(), f"{source} is copied but does not exist"
