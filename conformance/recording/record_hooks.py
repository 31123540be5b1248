"""What vcrpy may store: only requests to the endpoint under test, and everything scrubbed before it is kept.

vcrpy calls these hooks on every request it matches or records and on every response it records. In
record mode a request to any other host (a credential chain's token service, the managed-identity
endpoint) is refused here, so vcrpy sends it on untouched and stores nothing.
"""

from __future__ import annotations

import copy
from typing import Any

from vcr.request import Request

from conformance.catalog.config import Mode, Settings
from conformance.recording.hosts import same_endpoint
from conformance.recording.scrub import PLACEHOLDER_HOST, Scrubber

# Set on requests loaded from a cassette: they were scrubbed when the file was written.
FROM_CASSETTE = "_aoai_from_cassette"


class RecordHooks:
    """vcrpy's before-record hooks for one run: host filter, request and response scrubbing."""

    def __init__(self, settings: Settings, scrubber: Scrubber) -> None:
        self.settings = settings
        self.scrubber = scrubber
        self._replay_scrubs: dict[tuple[Any, ...], Request] = {}

    def request(self, request: Request) -> Request | None:
        """vcrpy's hook: in record mode a request to any other host (a credential chain's token call) is not
        recorded; vcrpy then sends it to the network untouched and stores nothing."""
        if not self.recordable(request):
            return None
        return self.scrub_request(request)

    def scrub_request(self, request: Request) -> Request:
        if getattr(request, FROM_CASSETTE, False):
            return request  # loaded from a file that was scrubbed when it was written
        if self.settings.mode is Mode.REPLAY:
            key = (request.method, request.uri, request.body_bytes, tuple(sorted(request.headers.items())))
            cached = self._replay_scrubs.get(key)
            if cached is None:
                # vcrpy scrubs identical copies of each attempt several times; replay records nothing.
                cached = self._replay_scrubs[key] = self._scrub_live(request)
            return cached
        return self._scrub_live(request)

    def _scrub_live(self, request: Request) -> Request:
        request = copy.copy(request)
        request.uri = self.scrubber.url(request.uri)
        request.headers = self.scrubber.request_headers(dict(request.headers))
        if request.body:
            request.body = self.scrubber.data(request.body_bytes)
        return request

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        if self.settings.mode is Mode.REPLAY:
            return response  # only loaded (already scrubbed) responses pass here; vcrpy copied them already
        response = copy.deepcopy(response)
        response["headers"] = self.scrubber.response_headers(response.get("headers", {}))
        body = response.get("body", {}).get("string")
        if isinstance(body, bytes | str):
            response["body"]["string"] = self.scrubber.data(body if isinstance(body, bytes) else body.encode())
        return response

    def recordable(self, request: Request) -> bool:
        # vcrpy applies the hook again to requests it already scrubbed (now on the placeholder host), and the
        # save applies the rule again to interactions that reached the cassette without the hook.
        if self.settings.mode is not Mode.RECORD or getattr(request, FROM_CASSETTE, False):
            return True
        return (request.host or "").lower() == PLACEHOLDER_HOST or same_endpoint(request.uri, self.settings.endpoint)
