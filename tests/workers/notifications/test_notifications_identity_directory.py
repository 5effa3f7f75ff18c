"""Notifications resolve their recipients through the identity API of the engine (the directory
sign-in and authorization use): HY, LZ, TH and YB groups reach their members; an empty or unknown
group fails the job naming it, never a silent drop."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from engine.identity.permissions import OwnerType
from govit.users import create_demo_users
from tests.engine.identity.conftest import SERVICE, Guarded, guarded  # noqa: F401 - the fixture
from workers.errors import PermanentJobError
from workers.notifications import tables
from workers.notifications.database import open_notifications
from workers.notifications.identity_directory import IdentityDirectory
from workers.notifications.models import Channel, SendNotification
from workers.notifications.notifier import JobOrigin, Notifier

BPMN = Path(__file__).resolve().parents[3] / "bpmn"


def _notifier(served: Guarded, tmp_path: Path) -> Notifier:
    client = httpx.Client(base_url=served.rest_url, headers=SERVICE, timeout=10)
    return Notifier(
        sessions=open_notifications(f"sqlite:///{tmp_path / 'registry.db'}"),
        directory=IdentityDirectory(client),
        mailer=None,
        robots=None,
    )


def _request(group: str, jurisdiction: str) -> SendNotification:
    return SendNotification.model_validate(
        {
            "notificationTemplate": "TASK_CREATED",
            "projectName": "智慧城市平台",
            "taskName": "审核",
            "recipientGroups": [group],
            "channels": [Channel.IN_APP],
            "jurisdiction": jurisdiction,
        }
    )


@pytest.mark.parametrize("region", ["HY", "LZ", "TH", "YB"])
def test_a_regions_group_reaches_its_members(guarded: Guarded, tmp_path: Path, region: str) -> None:  # noqa: F811
    create_demo_users(guarded.directory, BPMN, "demo-password")
    group = f"{region.lower()}-ita-leaders"
    notifier = _notifier(guarded, tmp_path)
    sent = notifier.send(_request(group, region), JobOrigin(1, "notify", 2))
    assert sent.notifications_sent == 1
    with notifier.sessions() as session:
        recipients = session.scalars(select(tables.OutboxMessage.user_id)).all()
    assert recipients == [f"demo-{group}"]


def test_an_empty_group_fails_the_job_naming_it(guarded: Guarded, tmp_path: Path) -> None:  # noqa: F811
    guarded.directory.add_group("yb-gov", name="渝北区政府")
    with pytest.raises(PermanentJobError, match="组 'yb-gov' 没有成员"):
        _notifier(guarded, tmp_path).send(_request("yb-gov", "YB"), JobOrigin(1, "notify", 2))
    with pytest.raises(PermanentJobError, match="没有组 'th-nowhere'"):
        _notifier(guarded, tmp_path).send(_request("th-nowhere", "TH"), JobOrigin(1, "notify", 3))
    guarded.directory.add_group_member("yb-gov", OwnerType.USER, "reviewer")
    assert (
        _notifier(guarded, tmp_path)
        .send(_request("yb-gov", "YB"), JobOrigin(1, "notify", 4))
        .notifications_sent
        == 1
    )
