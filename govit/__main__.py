"""``python -m govit``."""

from govit.cli import app

app(prog_name="govit")
