"""The notification job type as a pyzeebe router."""

# No ``from __future__ import annotations`` here: pyzeebe finds the job parameter by comparing the
# annotation object with ``Job``, which a string annotation would not match.

from typing import Any

import httpx
import structlog
from pyzeebe import Job, ZeebeTaskRouter

from workers.job_variables import read_job_variables
from workers.notifications.database import open_notifications
from workers.notifications.directory import load_directory
from workers.notifications.identity_directory import IdentityDirectory
from workers.notifications.models import SendNotification
from workers.notifications.notifier import CLAIM_SECONDS, JobOrigin, Notifier, RecipientDirectory
from workers.notifications.settings import NotificationSettings
from workers.notifications.smtp import SmtpMailer
from workers.notifications.webhooks import WebhookSender
from workers.registry.settings import RegistrySettings
from workers.settings import SettingsError

JOB_TYPES = ("govit.notifications.send",)

log = structlog.get_logger(__name__)


def create_router(
    settings: NotificationSettings | None = None, registry: RegistrySettings | None = None
) -> ZeebeTaskRouter:
    """Read the directory, open the delivery tables in the registry database, register the job type."""
    settings = settings or NotificationSettings.from_env()
    registry = registry or RegistrySettings.from_env()
    if settings.smtp_host is None:
        log.warning("GOVIT_SMTP_HOST is not set: notifications go to robots and the in-app outbox only")
    directory: RecipientDirectory
    if settings.directory is not None:
        yaml_directory = load_directory(settings.directory)
        unsigned = yaml_directory.unsigned_generic_robots()
        if unsigned and not settings.webhook_secret:
            raise SettingsError(
                f"GOVIT_WEBHOOK_SECRET: not set, and the generic robots {', '.join(unsigned)} of "
                f"{settings.directory} have no secret of their own to sign with"
            )
        directory = yaml_directory
    elif settings.identity_address is not None:
        headers = {"Authorization": f"Bearer {settings.identity_token}"} if settings.identity_token else {}
        directory = IdentityDirectory(
            httpx.Client(base_url=settings.identity_address, headers=headers, timeout=settings.http_timeout)
        )
    else:
        raise SettingsError(
            "GOVIT_IDENTITY_ADDRESS or GOVIT_DIRECTORY: neither is set; notifications need the directory "
            "of users and groups"
        )
    notifier = Notifier(
        sessions=open_notifications(registry.url),
        directory=directory,
        mailer=SmtpMailer(settings) if settings.smtp_host else None,
        robots=WebhookSender(httpx.Client(timeout=settings.http_timeout), settings.webhook_secret),
        # a send is a few steps, each within its timeout; the claim outlasts them all
        claim_seconds=max(CLAIM_SECONDS, 4 * max(settings.smtp_timeout, settings.http_timeout)),
    )
    return notifications_router(notifier)


def notifications_router(notifier: Notifier) -> ZeebeTaskRouter:
    router = ZeebeTaskRouter()

    @router.task("govit.notifications.send", variables_to_fetch=SendNotification.variable_names())
    def send(job: Job, **variables: Any) -> dict[str, Any]:
        request = read_job_variables(SendNotification, variables)
        origin = JobOrigin(job.process_instance_key, job.element_id, job.element_instance_key)
        return notifier.send(request, origin).to_variables()

    return router
