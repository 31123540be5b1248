"""Re-record the bundled cassettes through the suite's own record mode against a local stand-in.

    python scripts/record_standin.py [--operations ID,ID] [-- extra pytest args]

The stand-in gets throwaway credentials; the scrubber replaces them (and the loopback host) before
anything is written, exactly as it would for a real resource.
"""

from __future__ import annotations

import os
import secrets
import sys

from conformance import cli
from conformance.standin import StandIn


def main(argv: list[str]) -> int:
    key, token = secrets.token_hex(16), secrets.token_hex(24)
    with StandIn(api_key=key, token=token) as server:
        os.environ["AZURE_OPENAI_API_KEY"] = key
        os.environ["AZURE_OPENAI_AD_TOKEN"] = token
        return cli.main(["run", "--mode", "record", "--endpoint", server.url,
                         "--report-dir", "reports/record", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
