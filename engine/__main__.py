"""`python -m engine`: the embedded engine with the Zeebe gateway, on loopback by default."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import sys
from pathlib import Path

from engine.gateway.serve import ServeOptions, StartupError, serve
from engine.gateway.server import TlsFiles


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_options(argv: list[str] | None = None) -> ServeOptions:
    parser = argparse.ArgumentParser(prog="python -m engine", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument(
        "--gateway-port", type=int, default=26500, help="Zeebe gateway gRPC port (default 26500)"
    )
    parser.add_argument(
        "--rest-port", type=int, default=8080, help="Orchestration Cluster REST API port (default 8080)"
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
    args = parser.parse_args(argv)
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
