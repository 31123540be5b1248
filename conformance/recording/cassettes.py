"""Cassettes: one per (surface, operation), named from the catalog, written atomically, scrubbed twice.

Replay loads each file once per session and hands vcrpy a fresh copy per case, so every case replays
its episode from the start (ordered sequences such as 429-then-200 play in order). Record mode records
only requests to the endpoint under test (a credential chain's token calls pass through unrecorded) and
holds each case's episode in memory until the runner judges it: `commit(case)` writes it, `discard(case)`
drops it, so a case that got no usable answer never replaces a recording (see record_policy). A commit
replaces an earlier recording's episodes of the same credential form and carries the others over (a run
whose Entra cases all failed keeps the Entra episodes), stamps the provenance and rewrites the file by
temporary file and rename: an interrupted run leaves each cassette old or new, never partial. xdist workers
of one run share a run id; each commit merges, under a folder lock, what other workers already wrote.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import vcr
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.record_mode import RecordMode
from vcr.request import Request
from vcr.serializers import compat

from conformance.catalog.cases import Case
from conformance.catalog.config import Mode, Settings
from conformance.catalog.operation import PYTHON, SDKS
from conformance.errors import CassetteError
from conformance.files import folder_lock, write_atomic
from conformance.recording import cassette_format, matchers, provenance
from conformance.recording.record_hooks import FROM_CASSETTE, RecordHooks
from conformance.recording.scrub import Scrubber, install_log_scrubber

__all__ = ["SUFFIX", "CassetteStore", "cassette_path", "sdk_cassette_path"]

SUFFIX = ".json"


def cassette_path(root: Path, surface: str, operation_id: str) -> Path:
    """`<root>/<surface>/<operation id>.json`: the catalog id names the file, the surface its folder."""
    return root / surface / f"{operation_id}{SUFFIX}"


def sdk_cassette_path(root: Path, sdk: str, surface: str, operation_id: str) -> Path:
    """A case's cassette: Python's at `<root>/<surface>/`, another SDK's under its own `<root>/<sdk>/<surface>/`."""
    return cassette_path(root if sdk == PYTHON else root / sdk, surface, operation_id)


class CassetteStore:
    """Session-wide cassette access: load cache for replay, episode merge for record."""

    def __init__(self, root: Path, settings: Settings, scrubber: Scrubber,
                 targets_standin: Callable[[], bool] = lambda: False) -> None:
        self.root = root
        self.settings = settings
        self.scrubber = scrubber
        # Asked at the first commit, not here: the stand-in answers a handshake only once the run starts.
        self._targets_standin = targets_standin
        self._source_is_standin: bool | None = None
        # The episode each cassette's current case recorded, awaiting the runner's verdict.
        self._pending: dict[Path, list[dict[str, Any]]] = {}
        # Auth modes whose credential the endpoint accepted in this run (record_policy reads and fills it).
        self.accepted_auth: set[str] = set()
        self.hooks = RecordHooks(settings, scrubber)
        # vcrpy logs each response before scrubbing it: logs must not be where a secret survives.
        install_log_scrubber(scrubber)
        self._lock = threading.Lock()
        self._loaded: dict[Path, dict[str, Any]] = {}
        self._episodes: dict[Path, dict[str, list[dict[str, Any]]]] = {}
        self.written: set[Path] = set()
        self.run_id = cassette_format.current_run_id()
        # What each cassette held before this run first touched it, for rollback if the run is interrupted.
        self._originals: dict[Path, str | None] = {}
        self.vcr = vcr.VCR(
            record_mode=RecordMode.NONE if settings.mode is Mode.REPLAY else RecordMode.ALL,
            match_on=matchers.MATCH_ON,
            before_record_request=self.hooks.request,
            before_record_response=self.hooks.response,
            decode_compressed_response=True,
        )
        matchers.register(self.vcr)
        self.vcr.register_serializer("aoai-json", cassette_format)
        self.vcr.register_persister(self)

    def path_for(self, case: Case) -> Path:
        return sdk_cassette_path(self.root, case.sdk, case.surface, case.operation.id)

    # -- vcrpy persister interface -------------------------------------------------------------
    def load_cassette(self, cassette_path: str | Path, serializer: Any) -> tuple[list[Any], list[Any]]:
        path = Path(cassette_path)
        if self.settings.mode is not Mode.REPLAY:
            raise CassetteNotFoundError()  # record mode rewrites from scratch
        with self._lock:
            if path not in self._loaded:
                data = self._read(path, serializer)
                # Converted once per session; vcrpy deep-copies each response when it loads a cassette.
                for item in data["interactions"]:
                    item["response"] = compat.convert_to_bytes(item["response"])
                self._loaded[path] = data
            data = self._loaded[path]
        requests = []
        for item in data["interactions"]:
            request = Request._from_dict(item["request"])
            setattr(request, FROM_CASSETTE, True)
            requests.append(request)
        return requests, [item["response"] for item in data["interactions"]]

    def _read(self, path: Path, serializer: Any) -> dict[str, Any]:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CassetteNotFoundError() from None
        try:
            data = serializer.deserialize(text)
            cassette_format.check_structure(data)
        except ValueError as exc:
            raise CassetteError(
                f"cassette {path} is corrupt or truncated ({exc}); restore it with `git checkout -- {path}` "
                "or re-record it with `aoai-conformance run --mode record`"
            ) from None
        return data

    def save_cassette(self, cassette_path: str | Path, cassette_dict: dict[str, Any], serializer: Any) -> None:
        """vcrpy's save at the end of a case: hold the episode until the runner commits or discards it."""
        path = Path(cassette_path)
        episode = [
            # Scrub again at save time: vcrpy can rewrite interactions without its hooks (vcrpy#961).
            self.scrubber.interaction(
                {
                    "request": compat.convert_to_unicode(self.hooks.scrub_request(req)._to_dict()),
                    "response": compat.convert_to_unicode(self.hooks.response(resp)),
                }
            )
            for req, resp in zip(cassette_dict["requests"], cassette_dict["responses"], strict=True)
            if self.hooks.recordable(req)
        ]
        with self._lock:
            if episode:
                self._pending[path] = episode
            else:
                self._pending.pop(path, None)

    def commit(self, case: Case) -> bool:
        """Write the case's recorded episode to its cassette; False when it recorded nothing."""
        return self.commit_path(self.path_for(case))

    def commit_path(self, path: Path) -> bool:
        with self._lock:
            episode = self._pending.pop(path, None)
        if episode is None:
            return False
        self._write_episode(path, episode, cassette_format)
        return True

    def discard(self, case: Case) -> None:
        """Drop the case's recorded episode: its cassette stays as it was."""
        with self._lock:
            self._pending.pop(self.path_for(case), None)

    def _standin(self) -> bool:
        if self._source_is_standin is None:  # asked once, outside the store's lock
            self._source_is_standin = bool(self._targets_standin())
        return self._source_is_standin

    def _write_episode(self, path: Path, episode: list[dict[str, Any]], serializer: Any) -> None:
        standin = self._standin()
        with self._lock, folder_lock(path.parent):
            self._remember_original(path, serializer)
            mine = self._episodes.setdefault(path, {})
            mine[matchers.episode_key(episode)] = episode
            episodes, carried, earlier = self._merge_base(path, serializer)
            episodes.update(mine)
            # An earlier recording's episodes stay until this run records the same credential form: a run whose
            # Entra cases were all discarded must not take the Entra episodes out of the file.
            forms = {matchers.episode_form(ep) for ep in episodes.values()}
            carried = [ep for ep in carried if matchers.episode_form(ep) not in forms]
            joined = carried + list(episodes.values())
            sdk = next((s for s in SDKS if path.parent.parent == self.root / s), PYTHON)  # <root>/<sdk>/<surface>/
            stamp = provenance.build(self.settings.endpoint, standin, [item for ep in joined for item in ep], sdk)
            if carried:
                stamp["earlier"] = earlier  # what the carried-over episodes were recorded from
            data = cassette_format.join_episodes(self.run_id, joined, stamp, carried=len(carried))
            write_atomic(path, serializer.serialize(data))
            self.written.add(path)

    def _remember_original(self, path: Path, serializer: Any) -> None:
        # Only the first writer of this run owns the original: a file another worker of the same run already
        # rewrote is not "old", and restoring it would undo that worker's rollback.
        if path in self._originals or path in self.written:
            return
        try:
            text: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = None
        if text is not None:
            try:
                if cassette_format.run_id(serializer.deserialize(text)) == self.run_id:
                    return
            except ValueError:
                pass  # a corrupt old file is still what was there before
        self._originals[path] = text

    def rollback(self) -> list[Path]:
        """Put back every cassette this run rewrote, as it was before (an interrupted record run)."""
        restored = []
        with self._lock:
            for path, text in self._originals.items():
                with folder_lock(path.parent):
                    if text is None:
                        path.unlink(missing_ok=True)
                    else:
                        write_atomic(path, text)
                restored.append(path)
            self._originals.clear()
        return restored

    def _merge_base(
        self, path: Path, serializer: Any
    ) -> tuple[dict[str, list[dict[str, Any]]], list[list[dict[str, Any]]], dict[str, Any] | None]:
        """(episodes other workers of this run wrote, episodes carried from an earlier recording, its provenance)."""
        try:
            data = serializer.deserialize(path.read_text(encoding="utf-8"))
            cassette_format.check_structure(data)
        except (OSError, ValueError):
            return {}, [], None
        episodes = cassette_format.split_episodes(data)
        if cassette_format.run_id(data) != self.run_id:
            return {}, episodes, provenance.of(data)
        n = cassette_format.carried(data)
        block = provenance.of(data) or {}
        return {matchers.episode_key(ep): ep for ep in episodes[n:]}, episodes[:n], block.get("earlier")

    @contextmanager
    def use(self, case: Case) -> Iterator[Any]:
        """Enter the case's cassette; in replay a missing file is an error that names the fix."""
        path = self.path_for(case)
        if self.settings.mode is Mode.REPLAY and not path.is_file():
            raise CassetteError(
                f"no cassette for {case.id}: {path} does not exist; record it against a resource or the "
                "stand-in with `aoai-conformance run --mode record --endpoint URL`"
            )
        if self.settings.mode is Mode.LIVE:
            yield None
            return
        self.discard(case)  # an episode a crashed earlier case left behind is never committed by this one
        with self.vcr.use_cassette(str(path), serializer="aoai-json", allow_playback_repeats=False) as cassette:
            yield cassette
