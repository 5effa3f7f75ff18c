"""The directory's SQLite tables: its own file in the engine's data directory, or in memory."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    unit TEXT,
    password_hash TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS groups (
    group_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT
);
CREATE TABLE IF NOT EXISTS roles (
    role_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT
);
CREATE TABLE IF NOT EXISTS mapping_rules (
    mapping_rule_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    claim_name TEXT NOT NULL,
    claim_value TEXT NOT NULL
);
-- member_type: USER, CLIENT or MAPPING_RULE for groups; also GROUP for roles.
CREATE TABLE IF NOT EXISTS group_members (
    group_id TEXT NOT NULL REFERENCES groups(group_id) ON DELETE CASCADE,
    member_type TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (group_id, member_type, member_id)
);
CREATE TABLE IF NOT EXISTS role_members (
    role_id TEXT NOT NULL REFERENCES roles(role_id) ON DELETE CASCADE,
    member_type TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (role_id, member_type, member_id)
);
CREATE TABLE IF NOT EXISTS authorizations (
    authorization_key INTEGER PRIMARY KEY,
    owner_type TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    permissions TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS authorizations_owner ON authorizations(owner_type, owner_id);
-- Only a SHA-256 of each API token is kept: a stolen database yields no usable token.
CREATE TABLE IF NOT EXISTS api_tokens (
    token_sha256 TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    audit_key INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    actor_type TEXT NOT NULL,
    operation TEXT NOT NULL,
    api TEXT NOT NULL,
    target_key TEXT,
    process_instance_key TEXT,
    root_process_instance_key TEXT,
    details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_root ON audit_log(root_process_instance_key);
CREATE INDEX IF NOT EXISTS audit_by_instance ON audit_log(process_instance_key);
"""
