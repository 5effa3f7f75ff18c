"""Notifications: templated messages to the people behind a role by e-mail, robots and in-app outbox."""
