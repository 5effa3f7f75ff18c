from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pyzeebe import Job

from workers.errors import PermanentJobError
from workers.notifications.router import JOB_TYPES, create_router
from workers.notifications.settings import NotificationSettings
from workers.registry.settings import RegistrySettings
from workers.settings import SettingsError

if TYPE_CHECKING:
    from conftest import SmtpServer


def test_settings_come_from_govit_environment_variables(tmp_path: Path) -> None:
    settings = NotificationSettings.from_env(
        {
            "GOVIT_DIRECTORY": str(tmp_path / "d.yaml"),
            "GOVIT_SMTP_HOST": "mail",
            "GOVIT_SMTP_PORT": "587",
            "GOVIT_SMTP_STARTTLS": "true",
            "GOVIT_SMTP_PASSWORD": "",
        }
    )
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == ("mail", 587, True)
    assert settings.smtp_password is None


def test_a_bad_setting_names_its_variable() -> None:
    with pytest.raises(SettingsError, match="GOVIT_SMTP_PORT"):
        NotificationSettings.from_env({"GOVIT_SMTP_PORT": "twenty-five"})


def test_router_without_a_directory_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="GOVIT_DIRECTORY"):
        create_router(NotificationSettings(), RegistrySettings(url=f"sqlite:///{tmp_path / 'r.db'}"))


def test_send_job_handler_keys_deliveries_by_the_job(
    tmp_path: Path, directory_file: Path, smtp_server: SmtpServer
) -> None:
    router = create_router(
        NotificationSettings(
            directory=directory_file,
            smtp_host=smtp_server.host,
            smtp_port=smtp_server.port,
            webhook_secret="k",
        ),
        RegistrySettings(url=f"sqlite:///{tmp_path / 'r.db'}"),
    )
    assert [task.type for task in router.tasks] == list(JOB_TYPES)
    task = router.get_task("govit.notifications.send")
    variables = {
        "notificationTemplate": "APPROVED",
        "projectName": "智慧校园",
        "recipientUsers": ["lina"],
        "channels": ["EMAIL"],
    }
    job = Job(
        key=1,
        type="govit.notifications.send",
        process_instance_key=10,
        bpmn_process_id="p",
        process_definition_version=1,
        process_definition_key=2,
        element_id="Notify",
        element_instance_key=11,
        custom_headers={},
        worker="w",
        retries=3,
        deadline=0,
        variables=variables,
    )
    assert task.config.job_parameter_name == "job"
    for _ in range(2):
        task.original_function(job=job, **variables)
    (mail,) = smtp_server.messages
    assert mail["X-Govit-Delivery"] == "10/Notify/11/email/lina"


def test_generic_robots_without_a_secret_stop_the_router_at_start(
    tmp_path: Path, directory_file: Path
) -> None:
    with pytest.raises(SettingsError, match="GOVIT_WEBHOOK_SECRET: not set, and the generic robots cases"):
        create_router(
            NotificationSettings(directory=directory_file),
            RegistrySettings(url=f"sqlite:///{tmp_path / 'r.db'}"),
        )


@pytest.mark.parametrize(
    ("change", "worded"),
    [
        ({"dueDate": "下周一"}, "期限 (dueDate) 应为日期 YYYY-MM-DD（或日期时间），收到 '下周一'"),
        ({"notificationTemplate": "SOON"}, "通知模板 (notificationTemplate) 应为以下之一"),
    ],
)
def test_a_refused_notification_variable_is_an_incident_naming_it_in_words(
    tmp_path: Path, directory_file: Path, change: dict[str, object], worded: str
) -> None:
    router = create_router(
        NotificationSettings(directory=directory_file, webhook_secret="k"),
        RegistrySettings(url=f"sqlite:///{tmp_path / 'r.db'}"),
    )
    task = router.get_task("govit.notifications.send")
    variables = {"notificationTemplate": "REMINDER", "projectName": "智慧校园", "taskName": "初审", **change}
    job = Job(
        key=1,
        type="govit.notifications.send",
        process_instance_key=10,
        bpmn_process_id="p",
        process_definition_version=1,
        process_definition_key=2,
        element_id="Notify",
        element_instance_key=11,
        custom_headers={},
        worker="w",
        retries=3,
        deadline=0,
        variables=variables,
    )
    with pytest.raises(PermanentJobError) as caught:
        task.original_function(job=job, **variables)
    assert str(caught.value).startswith(worded), caught.value
