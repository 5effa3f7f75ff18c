"""``python -m workers``: serve every job type.

Subcommands: ``deadline`` (a due date on the working-day calendar) and ``inbox`` (a user's in-app
messages, marking them read); see ``USAGE``.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

USAGE = """usage: python -m workers                     serve every job type against ZEEBE_ADDRESS
       python -m workers deadline START PERIOD   due date on the working-day calendar (e.g. 2026-09-30 5WD)
       python -m workers inbox USER [--unread]   a user's in-app messages, newest first
       python -m workers inbox USER --read ID    mark one of them read (--all: every unread one)
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["deadline"]:
        from workers.deadlines.cli import main as deadline

        return deadline(args[1:])
    if args[:1] == ["inbox"]:
        from workers.notifications.inbox_cli import main as inbox

        return inbox(args[1:])
    if args:
        print(USAGE, file=sys.stderr if args[0] not in ("-h", "--help") else sys.stdout, end="")
        return 0 if args[0] in ("-h", "--help") else 2

    from workers.app import domain_routers, serve
    from workers.errors import PermanentJobError
    from workers.logging import configure_logging
    from workers.settings import WorkerSettings

    try:
        settings = WorkerSettings.from_env()
        configure_logging(settings.log_level)
        # a domain that cannot start (a bad setting, an unreadable file) stops the worker here,
        # before it takes any job; every settings error is a ValueError
        routers = domain_routers()
    except (ValueError, PermanentJobError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    asyncio.run(serve(settings, routers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
