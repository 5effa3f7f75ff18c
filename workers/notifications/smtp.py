"""The e-mail channel: one message, text and HTML parts, over SMTP (optionally SMTPS or STARTTLS)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from workers.notifications.settings import NotificationSettings
from workers.notifications.templates import RenderedMessage


class SmtpMailer:
    def __init__(self, settings: NotificationSettings) -> None:
        if settings.smtp_host is None:
            raise ValueError("GOVIT_SMTP_HOST is not set")
        self.host = settings.smtp_host
        self.port = settings.smtp_port or (465 if settings.smtp_ssl else 25)
        self.settings = settings

    def send(self, to_address: str, to_name: str, message: RenderedMessage, key: str) -> None:
        """Send one message; ``key`` becomes a header so a receiving system can spot duplicates too."""
        email = EmailMessage()
        email["From"] = self.settings.mail_from
        email["To"] = formataddr((to_name, to_address))
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain=self.settings.mail_from.rpartition("@")[2] or "localhost")
        email["X-Govit-Delivery"] = key
        email.set_content(message.text)
        email.add_alternative(message.html, subtype="html")
        timeout = self.settings.smtp_timeout
        smtp: smtplib.SMTP
        if self.settings.smtp_ssl:
            smtp = smtplib.SMTP_SSL(
                self.host, self.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=timeout)
        with smtp:
            if self.settings.smtp_starttls and not self.settings.smtp_ssl:
                smtp.starttls(context=ssl.create_default_context())
            if self.settings.smtp_username:
                smtp.login(self.settings.smtp_username, self.settings.smtp_password or "")
            smtp.send_message(email)
