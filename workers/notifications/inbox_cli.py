"""``python -m workers inbox USER``: a user's in-app messages; ``--read ID`` or ``--all`` marks them read.

Reads the registry database (``GOVIT_REGISTRY_URL``); with ``GOVIT_DIRECTORY`` set, a user the
directory does not know is an error. Exit status 0 on success, 2 with the reason on stderr for
bad arguments, an unknown user or message, or a bad setting.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC

from workers.deadlines.instants import SHANGHAI
from workers.errors import PermanentJobError
from workers.notifications.database import open_notifications
from workers.notifications.directory import load_directory
from workers.notifications.inbox import Inbox, InboxError, InboxMessage
from workers.notifications.settings import NotificationSettings
from workers.registry.settings import RegistrySettings
from workers.settings import SettingsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m workers inbox",
        description="List a user's in-app messages (站内消息), newest first, or mark them read.",
    )
    parser.add_argument("user", help="user id, as in the directory")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--unread", action="store_true", help="list only the unread messages")
    action.add_argument("--read", type=int, metavar="ID", help="mark the message with this id read")
    action.add_argument("--all", action="store_true", help="mark every unread message of the user read")
    return parser


def open_inbox() -> Inbox:
    notifications = NotificationSettings.from_env()
    users = load_directory(notifications.directory).users if notifications.directory else None
    return Inbox(open_notifications(RegistrySettings.from_env().url), users)


def line(message: InboxMessage) -> str:
    created = message.created_at.replace(tzinfo=UTC).astimezone(SHANGHAI)
    state = "未读" if message.unread else "已读"
    return f"{message.id:>6}  {state}  {created:%Y-%m-%d %H:%M}  {message.subject}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        inbox = open_inbox()
        if args.read is not None:
            marked = inbox.mark_read(args.user, args.read)
            print(f"{args.user}: message {marked.id} read")
        elif args.all:
            print(f"{args.user}: {inbox.mark_all_read(args.user)} messages marked read")
        else:
            messages = inbox.messages(args.user, unread_only=args.unread)
            for message in messages:
                print(line(message))
            if not messages:
                print(f"{args.user}: no {'unread ' if args.unread else ''}messages")
    except (InboxError, SettingsError, PermanentJobError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
