"""The engine's history: the items its searches return, exported from the record log into indexed
SQLite tables (see exporter.py), searched as SQL (query.py) and purged after their retention."""

# The runtime first: its engine imports the exporter, whose projection imports the runtime's
# records; loaded in this order, ``import engine.history`` works on its own.
import engine.runtime  # noqa: F401  # isort: skip
