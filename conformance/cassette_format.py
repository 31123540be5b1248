"""The cassette file format: vcrpy's interaction layout as indented JSON, binary bodies as base64.

JSON loads 4-10x faster than YAML (sdk-facts §4), but vcrpy's own JSON serializer cannot hold
non-UTF-8 bodies (audio); this one stores those as `{"base64": ...}` and text bodies as plain strings.
Beside vcrpy's `interactions`, a file records what it was recorded from (`provenance`, see provenance.py)
and which run wrote it and where each episode starts (`recorded_by: {"run": ..., "episodes": [lengths]}`),
so xdist workers of one run can merge each other's.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from vcr.request import Request


def _encode_body(body: Any) -> Any:
    if isinstance(body, dict) and "string" in body:
        return {**body, "string": _encode_body(body["string"])}
    if isinstance(body, bytes):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(body).decode("ascii")}
    return body


def _decode_body(body: Any) -> Any:
    if isinstance(body, dict) and "string" in body:
        return {**body, "string": _decode_body(body["string"])}
    if isinstance(body, dict) and set(body) == {"base64"}:
        return base64.b64decode(body["base64"])
    return body


def serialize(cassette_dict: dict[str, Any]) -> str:
    """Serialize vcrpy's cassette dict."""
    interactions = [
        {
            "request": {**i["request"], "body": _encode_body(i["request"].get("body"))},
            "response": {**i["response"], "body": _encode_body(i["response"].get("body"))},
        }
        for i in cassette_dict.get("interactions", [])
    ]
    return json.dumps({**cassette_dict, "interactions": interactions}, indent=2, ensure_ascii=False) + "\n"


def deserialize(cassette_string: str) -> dict[str, Any]:
    """Parse a cassette file; raises ValueError on malformed JSON."""
    data = json.loads(cassette_string)
    if isinstance(data, dict):
        for item in data.get("interactions", []):
            if isinstance(item, dict) and isinstance(item.get("request"), dict):
                item["request"]["body"] = _decode_body(item["request"].get("body"))
            if isinstance(item, dict) and isinstance(item.get("response"), dict):
                item["response"]["body"] = _decode_body(item["response"].get("body"))
    return data


def check_structure(data: Any) -> None:
    """Raise ValueError unless `data` is a cassette vcrpy can replay: requests and response statuses."""
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise ValueError("no 'interactions' list")
    try:
        for item in data["interactions"]:
            Request._from_dict(item["request"])
            int(item["response"]["status"]["code"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed interaction ({type(exc).__name__}: {exc})") from None


def run_id(data: dict[str, Any]) -> str | None:
    """The id of the record run that wrote this cassette, if it says."""
    recorded_by = data.get("recorded_by")
    return recorded_by.get("run") if isinstance(recorded_by, dict) else None


def split_episodes(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The file's interactions cut back into episodes; without lengths (older files) each is one episode."""
    interactions = data["interactions"]
    recorded_by = data.get("recorded_by")
    lengths = recorded_by.get("episodes") if isinstance(recorded_by, dict) else None
    if not isinstance(lengths, list) or sum(lengths) != len(interactions):
        return [[item] for item in interactions]
    out, start = [], 0
    for length in lengths:
        out.append(interactions[start:start + length])
        start += length
    return out


def carried(data: dict[str, Any]) -> int:
    """How many leading episodes an earlier recording left (episodes this run did not re-record)."""
    recorded_by = data.get("recorded_by")
    value = recorded_by.get("carried", 0) if isinstance(recorded_by, dict) else 0
    return value if isinstance(value, int) else 0


def join_episodes(
    run: str, episodes: list[list[dict[str, Any]]], provenance: dict[str, Any] | None = None, carried: int = 0
) -> dict[str, Any]:
    """The cassette dict for episodes written by run `run` (the first `carried` from an earlier recording)."""
    head: dict[str, Any] = {"version": 1}
    if provenance is not None:
        head["provenance"] = provenance
    recorded_by: dict[str, Any] = {"run": run, "episodes": [len(ep) for ep in episodes]}
    if carried:
        recorded_by["carried"] = carried
    return {**head, "recorded_by": recorded_by, "interactions": [item for ep in episodes for item in ep]}
