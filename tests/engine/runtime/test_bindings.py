"""Resource binding picks the version of a process, decision or form an element uses."""

from __future__ import annotations

from engine.runtime import bindings

ROWS = [
    {"formId": "review", "version": 1, "deploymentKey": 10, "versionTag": "v1"},
    {"formId": "review", "version": 2, "deploymentKey": 20, "versionTag": "v2"},
    {"formId": "review", "version": 3, "deploymentKey": 30, "versionTag": None},
    {"formId": "other", "version": 9, "deploymentKey": 20, "versionTag": "v1"},
]


def _select(binding: str, deployment_key: int = 0, tag: str | None = None) -> int | None:
    row = bindings.select(
        ROWS,
        id_field="formId",
        resource_id="review",
        binding=binding,
        deployment_key=deployment_key,
        version_tag=tag,
    )
    return None if row is None else int(row["version"])


def test_latest_takes_the_newest_version() -> None:
    assert _select(bindings.LATEST) == 3


def test_deployment_takes_the_version_deployed_together() -> None:
    assert _select(bindings.DEPLOYMENT, deployment_key=20) == 2
    assert _select(bindings.DEPLOYMENT, deployment_key=99) is None


def test_version_tag_takes_the_tagged_version() -> None:
    assert _select(bindings.VERSION_TAG, tag="v1") == 1
    assert _select(bindings.VERSION_TAG, tag="v7") is None
