"""`python -m engine`: the embedded engine with the Zeebe gateway, on loopback by default.

The engine clock can always be pinned and reset through the REST API (PUT /v2/clock, POST
/v2/clock/reset), as in Camunda 8.8. --clock-controlled (or ZEEBE_CLOCK_CONTROLLED=true, Zeebe's own
setting) also lets the management clock endpoint (/actuator/clock on --management-port, 9600 by
default) pin, shift and reset the clock, as camunda-process-test expects."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import sys
from pathlib import Path

from engine.gateway.serve import ServeOptions, StartupError, serve
from engine.gateway.server import TlsFiles
from engine.gateway.workspace.static_site import DEFAULT_DIST
from engine.identity.oidc import OidcSettings

DEFAULT_MANAGEMENT_PORT = 9600
# The spellings Spring accepts for a boolean setting (an unset one is false).
_SWITCH = {
    "": False,
    "false": False,
    "off": False,
    "no": False,
    "0": False,
    "true": True,
    "on": True,
    "yes": True,
    "1": True,
}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_options(argv: list[str] | None = None) -> ServeOptions:
    parser = argparse.ArgumentParser(
        prog="python -m engine", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument(
        "--gateway-port", type=int, default=26500, help="Zeebe gateway gRPC port (default 26500)"
    )
    parser.add_argument(
        "--rest-port", type=int, default=8080, help="Orchestration Cluster REST API port (default 8080)"
    )
    parser.add_argument(
        "--clock-controlled",
        action="store_true",
        default=None,
        help="let the management clock endpoint pin, shift (add) and reset the engine clock, as Zeebe's "
        "zeebe.clock.controlled does; env ZEEBE_CLOCK_CONTROLLED=true does the same. Without it that "
        "endpoint only reads the clock and answers 403 to changes. PUT /v2/clock works either way",
    )
    parser.add_argument(
        "--management-port",
        type=int,
        help="serve the management clock endpoint (/actuator/clock) on this port "
        "(default 9600 with --clock-controlled, otherwise not served)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="keep state here (SQLite); without it, state lives in memory"
    )
    parser.add_argument(
        "--deploy", type=Path, action="append", default=[], help="deploy these files or folders"
    )
    parser.add_argument("--tls-cert", type=Path, help="PEM certificate chain; serves TLS with --tls-key")
    parser.add_argument("--tls-key", type=Path, help="PEM private key")
    parser.add_argument(
        "--insecure-remote",
        action="store_true",
        help="allow binding a non-loopback address without TLS (clients and their data travel in clear text)",
    )
    parser.add_argument(
        "--identity",
        action="store_true",
        help="guard both APIs with the directory of users and groups (identity.db under --data-dir, "
        "managed with `govit users`); ENGINE_AUTH_TOKEN stays the service account's token; "
        "ENGINE_OIDC_ISSUER and ENGINE_OIDC_JWKS_URL (and ENGINE_OIDC_AUDIENCE) accept OIDC bearer tokens",
    )
    parser.add_argument(
        "--web-port",
        type=int,
        default=0,
        help="serve the web workspace (Tasklist, Operate, the registry; sign-in with the directory's "
        "users) on this port; needs --identity (default 0: not served; `govit run` serves it on 8088)",
    )
    parser.add_argument(
        "--web-dist",
        type=Path,
        default=DEFAULT_DIST,
        help="the workspace's built files (default: web/dist of this checkout, built by `make web`)",
    )
    parser.add_argument(
        "--registry-url",
        default=os.environ.get("GOVIT_REGISTRY_URL") or None,
        help="the workers' registry database (an SQLAlchemy URL, env GOVIT_REGISTRY_URL), read by the "
        "workspace's project views",
    )
    parser.add_argument(
        "--history-retention-years",
        type=int,
        metavar="YEARS",
        help="purge ended instances (with their tasks, variables, incidents and jobs) from the history "
        "this many years after they ended, on start and then daily; without it the history keeps "
        "everything (see engine/history/retention.py)",
    )
    args = parser.parse_args(argv)
    if args.web_port and not args.identity:
        parser.error("--web-port signs people in against the directory: give --identity as well")
    if args.web_port < 0:
        parser.error(f"--web-port must be a port number, got {args.web_port}")
    if args.history_retention_years is not None and args.history_retention_years < 0:
        parser.error("--history-retention-years must be 0 or more")
    clock_controlled = args.clock_controlled
    if clock_controlled is None:
        setting = os.environ.get("ZEEBE_CLOCK_CONTROLLED", "").strip().lower()
        if setting not in _SWITCH:
            parser.error(f"ZEEBE_CLOCK_CONTROLLED must be true or false, got {setting!r}")
        clock_controlled = _SWITCH[setting]
    management_port = args.management_port
    if management_port is None and clock_controlled:
        management_port = DEFAULT_MANAGEMENT_PORT
    tls = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            parser.error("--tls-cert and --tls-key go together")
        tls = TlsFiles(certificate_chain=args.tls_cert.read_bytes(), private_key=args.tls_key.read_bytes())
    if not _is_loopback(args.host) and tls is None and not args.insecure_remote:
        parser.error(
            f"binding {args.host} exposes the engine beyond this machine: give --tls-cert/--tls-key, "
            "or --insecure-remote to accept clear text"
        )
    return ServeOptions(
        host=args.host,
        gateway_port=args.gateway_port,
        rest_port=args.rest_port,
        data_dir=args.data_dir,
        token=os.environ.get("ENGINE_AUTH_TOKEN") or None,
        tls=tls,
        tls_cert_path=str(args.tls_cert) if args.tls_cert else None,
        tls_key_path=str(args.tls_key) if args.tls_key else None,
        deploy=tuple(args.deploy),
        clock_controlled=clock_controlled,
        management_port=management_port,
        identity=args.identity,
        oidc=_oidc_settings(parser),
        web_port=args.web_port or None,
        web_dist=args.web_dist,
        registry_url=args.registry_url,
        history_retention_years=args.history_retention_years,
    )


def _oidc_settings(parser: argparse.ArgumentParser) -> OidcSettings | None:
    issuer = os.environ.get("ENGINE_OIDC_ISSUER", "").strip()
    jwks_url = os.environ.get("ENGINE_OIDC_JWKS_URL", "").strip()
    if not issuer and not jwks_url:
        return None
    if not (issuer and jwks_url):
        parser.error("ENGINE_OIDC_ISSUER and ENGINE_OIDC_JWKS_URL go together")
    return OidcSettings(
        issuer=issuer,
        jwks_url=jwks_url,
        audience=os.environ.get("ENGINE_OIDC_AUDIENCE", "").strip() or None,
        groups_claim=os.environ.get("ENGINE_OIDC_GROUPS_CLAIM", "").strip() or "groups",
    )


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    try:
        asyncio.run(serve(options))
    except StartupError as error:
        print(f"python -m engine: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
