"""`aoai-conformance replay-server`: serve a cassette folder to any SDK on 127.0.0.1 (or record one)."""

from __future__ import annotations

import argparse
import os
import threading
from pathlib import Path

from conformance.calling import auth, handshake
from conformance.catalog.config import Mode, Settings
from conformance.errors import ConfigError
from conformance.recording.cassettes import CassetteStore
from conformance.recording.replay_server import ReplayServer
from conformance.recording.scrub import Scrubber


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `replay-server` on the CLI's subparsers; `main(ns)` runs it."""
    p = subparsers.add_parser(
        "replay-server",
        help="serve a cassette folder over HTTP on 127.0.0.1 for any SDK (or record one with --record)",
    )
    p.add_argument("--cassette-dir", required=True, help="the cassette folder to serve [required]")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 [default: a free one]")
    p.add_argument("--record", action="store_true",
                   help="forward to --endpoint and write scrubbed cassettes instead of replaying")
    p.add_argument("--endpoint", default=None, help="record mode: the resource or stand-in to forward to")
    return p


def build(ns: argparse.Namespace) -> ReplayServer:
    """The server the options describe; secrets for scrubbing come only from the environment."""
    root = Path(ns.cassette_dir)
    if not ns.record:
        if not root.is_dir():
            raise ConfigError(f"--cassette-dir {root} is not a folder; pass the folder holding the cassettes")
        return ReplayServer(root, Scrubber(auth.REPLAY_API_KEY, auth.REPLAY_AD_TOKEN, []), port=ns.port)
    if not ns.endpoint:
        raise ConfigError("--record needs --endpoint URL (the resource or stand-in to forward to)")
    key, token = os.environ.get("AZURE_OPENAI_API_KEY"), os.environ.get("AZURE_OPENAI_AD_TOKEN")
    host = ns.endpoint.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    scrubber = Scrubber(key, token, [host])
    endpoint = ns.endpoint.rstrip("/")
    # The store keeps only requests to the endpoint and stamps provenance (stand-in or resource) from the handshake.
    store = CassetteStore(root, Settings(mode=Mode.RECORD, endpoint=endpoint), scrubber,
                          lambda: handshake.ask(endpoint))
    return ReplayServer(root, scrubber, store=store, upstream=endpoint, port=ns.port, autocommit=True)


def main(ns: argparse.Namespace) -> int:
    server = build(ns).start()
    what = f"recording {ns.endpoint} into" if ns.record else "replaying"
    print(f"replay server {what} {ns.cassette_dir} on {server.url} (Ctrl-C stops it)", flush=True)
    try:
        threading.Event().wait()
    finally:
        server.close()
    return 0
