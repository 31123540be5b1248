"""Contract-schema tests: schema hygiene, real corpus, doc examples, and programmatic mutations."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from conformance.verdicts import schemas
from tests.support import contract_corpus, shared_data

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"
CORPUS = shared_data.CORPUS
DOCS = shared_data.DOCS

# ----------------------------------------------------------------------------- helpers


def schema_files() -> list[Path]:
    """Return every schema file this suite owns (operation schemas and shared defs)."""
    return sorted(SCHEMAS.glob("*.json")) + sorted((SCHEMAS / "defs").glob("*.json"))


@cache
def registry() -> Registry:
    """Build a registry of every schema file; it has no retrieve function, so it never fetches."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in schema_files()]
    return Registry().with_resources((d["$id"], DRAFT202012.create_resource(d)) for d in docs)


@cache
def py_validator(name: str) -> jsonschema.Draft202012Validator:
    """An independent python-jsonschema validator for one operation schema."""
    doc = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(doc, registry=registry())


def _classify(body: dict[str, Any]) -> list[str]:
    """Map one doc example body to the schema names it must satisfy."""
    obj = body.get("object")
    if obj == "chat.completion":
        names = ["chat.completions.create"]
        if len(body.get("prompt_filter_results") or []) > 1:  # the image-input example (text + image prompt)
            names.append("chat.completions.create.image_input")
        return names
    if obj == "text_completion":
        return ["completions.create"]
    if obj == "response":
        return ["responses.create"]
    if "data" in body and "created" in body:
        return ["images.generate"]
    return []


def _json_objects(text: str, first_line: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield every top-level response-like JSON object in free text, with its 1-based line number."""
    decoder = json.JSONDecoder()
    pos = 0
    while (start := text.find("{", pos)) >= 0:
        try:
            obj, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            pos = start + 1
            continue
        if isinstance(obj, dict) and _classify(obj):
            yield first_line + text.count("\n", 0, start), obj
            pos = end
        else:
            pos = start + 1


@cache
def doc_examples() -> list[tuple[str, str, dict[str, Any]]]:
    """Return (id, schema name, body) for each JSON response example in docs 000 and 003, deduplicated."""
    sources: list[tuple[str, int, str]] = []
    for path in sorted(DOCS.glob("000_*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"```json\n(.*?)```", text, re.S):
            sources.append((path.name[:3], text.count("\n", 0, m.start(1)) + 1, m.group(1)))
    for path in sorted(DOCS.glob("003_*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        sources.append((path.name[:3], 2140, "\n".join(lines[2139:3110])))
    out, seen = [], set()
    for doc, first, text in sources:
        for line, body in _json_objects(text, first):
            for name in _classify(body):
                key = (name, json.dumps(body, sort_keys=True))
                if key not in seen:
                    seen.add(key)
                    out.append((f"docs{doc}:L{line}:{name}", name, body))
    return out


# ----------------------------------------------------------------------------- corpus mapping

OPERATION_TO_SCHEMA = {
    "chat.completions": "chat.completions.create",
    "chat.completions.stream": "chat.completions.create.stream",
    "completions": "completions.create",
    "embeddings": "embeddings.create",
    "images.generate": "images.generate",
    "audio.transcriptions": "audio.transcriptions.create",
    "responses": "responses.create",
    "responses.stream": "responses.create.stream",
    "error": "error",
}


def corpus_files() -> list[str]:
    """Corpus file names, or [] when the shared corpus is absent."""
    return sorted(p.name for p in CORPUS.glob("*.json")) if CORPUS.is_dir() else []


def corpus_documents(file_name: str) -> tuple[str, list[tuple[str, Any]]]:
    """Return (schema name, [(label, instance)]) for one corpus file ([] for a legacy operation-status body)."""
    record = json.loads((CORPUS / file_name).read_text(encoding="utf-8"))
    name = OPERATION_TO_SCHEMA[record["operation"]]
    body = record.get("body")
    if body is None:
        return name, [(f"sse[{i}]", x) for i, x in enumerate(record["sse"]) if x != "[DONE]"]
    if name == "images.generate" and isinstance(body, dict) and "status" in body and "data" not in body:
        # Legacy DALL-E 2 async-operation flow (2023-06/07-preview): the body is an operation status.
        if isinstance(body.get("result"), dict):
            return name, [("body.result", body["result"])]
        return name, []
    return name, [("body", body)]


@pytest.mark.parametrize("file_name", corpus_files() or ["(corpus absent)"])
def test_corpus_file_validates(file_name: str) -> None:
    """Every genuine recorded response validates against its operation's schema, in both libraries."""
    if not corpus_files():
        shared_data.absent("the real corpus", CORPUS)
    name, documents = corpus_documents(file_name)
    if not documents:  # a 202 async-operation status ({id, status}): judged here, never skipped
        record = json.loads((CORPUS / file_name).read_text(encoding="utf-8"))
        assert record["status"] == 202 and isinstance(record["body"].get("id"), str), file_name
        assert isinstance(record["body"].get("status"), str), file_name
        return
    for label, instance in documents:
        violations = schemas.validate(name, instance)
        assert violations == [], f"{file_name} {label}: {violations}"
        assert schemas.is_valid(name, instance)
        assert py_validator(name).is_valid(instance)


# ----------------------------------------------------------------------------- schema hygiene


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: str(p.relative_to(SCHEMAS)))
def test_schema_file_is_valid_2020_12(path: Path) -> None:
    """Each schema is valid 2020-12, has an $id under our base, x-derived-from, and only local refs."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(doc)
    jsonschema_rs.meta.validate(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"] == "https://aoai-conformance.invalid/schemas/" + path.relative_to(SCHEMAS).as_posix()
    derived = doc["x-derived-from"]
    assert isinstance(derived, list) and derived and all(isinstance(x, str) and x for x in derived)
    assert "additionalProperties" not in json.dumps(doc), "the contract tier must stay open"
    resolver = registry().resolver(base_uri=doc["$id"])
    refs = list(contract_corpus.refs(doc))
    for ref in refs:
        assert not ref.startswith(("http:", "https:")), f"non-local $ref {ref}"
        resolver.lookup(ref)  # raises Unresolvable if the target is missing
    rs_registry = jsonschema_rs.Registry([(d["$id"], d) for d in map(_load_json, schema_files())])
    jsonschema_rs.Draft202012Validator(doc, registry=rs_registry, base_uri=doc["$id"], offline=True)


def _load_json(path: Path) -> Any:
    """Read one JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def test_schema_names_lists_every_operation_schema() -> None:
    """schema_names() lists the top-level files only (not defs/ or meta/)."""
    assert schemas.schema_names() == sorted(p.stem for p in SCHEMAS.glob("*.json"))
    assert "content-filters" not in schemas.schema_names()
    assert set(schemas.schema_names()) >= set(OPERATION_TO_SCHEMA.values()) | {
        "chat.completions.create.image_input",
        "chat.completions.create.reasoning",
        "responses.create.mcp_tool",
        "responses.create.reasoning",
    }


def test_unknown_schema_name_raises_key_error() -> None:
    """An unknown name raises KeyError naming the known schemas."""
    with pytest.raises(KeyError, match=r"chat\.completions\.create"):
        schemas.validate("no.such.operation", {})
    with pytest.raises(KeyError, match="known schemas"):
        schemas.is_valid("no.such.operation", {})


@pytest.fixture(autouse=True)
def _fresh_schema_root() -> Iterator[None]:
    """Tests below switch the data root; the loaded schemas are per process, so start and end afresh."""
    schemas.reset()
    yield
    schemas.reset()


def test_schemas_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """AOAI_CONFORMANCE_SCHEMAS overrides the data root; a missing folder is a clear error."""
    monkeypatch.setenv(schemas.ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=schemas.ENV_VAR):
        schemas.schemas_dir()
    monkeypatch.setenv(schemas.ENV_VAR, str(SCHEMAS))
    assert schemas.schemas_dir() == SCHEMAS


def test_remote_ref_is_never_fetched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A $ref to an unknown http URL fails at load instead of being retrieved."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://aoai-conformance.invalid/schemas/remote.json",
        "x-derived-from": ["test"],
        "$ref": "http://example.com/not-there.json",
    }
    (tmp_path / "remote.json").write_text(json.dumps(schema))
    monkeypatch.setenv(schemas.ENV_VAR, str(tmp_path))
    schemas.reset()
    with pytest.raises((ValueError, jsonschema_rs.ValidationError), match=r"[Rr]etriev"):
        schemas.schema_names()
    with pytest.raises(Unresolvable):
        jsonschema.Draft202012Validator(schema, registry=Registry()).is_valid({})


# ----------------------------------------------------------------------------- docs examples


@pytest.mark.parametrize(
    ("name", "body"),
    [pytest.param(n, b, id=i) for i, n, b in doc_examples()] or [pytest.param("-", None, id="docs-absent")],
)
def test_doc_example_validates(name: str, body: dict[str, Any]) -> None:
    """The documented example responses validate against the contract."""
    if body is None:
        shared_data.absent("the shared docs", DOCS)
    assert schemas.validate(name, body) == []
    assert schemas.is_valid(name, body)


def test_doc_examples_cover_every_documented_kind() -> None:
    """The extraction found chat, image-input (both spellings), responses, images and completions examples."""
    if not DOCS.is_dir():
        shared_data.absent("the shared docs", DOCS)
    names = [n for _, n, _ in doc_examples()]
    for expected in ("chat.completions.create", "responses.create", "images.generate", "completions.create"):
        assert expected in names
    image_inputs = [b for _, n, b in doc_examples() if n == "chat.completions.create.image_input"]
    spellings = {
        k for b in image_inputs for item in b["prompt_filter_results"] for k in item if k != "prompt_index"
    }
    assert spellings == {"content_filter_results", "content_filter_result"}


# ----------------------------------------------------------------------------- basic API behaviour

SEV = {"filtered": False, "severity": "safe"}
DET = {"filtered": False, "detected": False}
FOUR = {"hate": SEV, "self_harm": SEV, "sexual": SEV, "violence": SEV}

CHAT: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1731880663,
    "model": "gpt-4o",
    "system_fingerprint": None,
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "logprobs": {
                "content": [
                    {
                        "token": "Hi",
                        "logprob": -0.1,
                        "bytes": [72, 105],
                        "top_logprobs": [{"token": "Hi", "logprob": -0.1, "bytes": None}],
                    }
                ],
                "refusal": None,
            },
            "message": {
                "role": "assistant",
                "content": None,
                "refusal": None,
                "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                ],
            },
            "content_filter_results": {
                **FOUR,
                "profanity": DET,
                "protected_material_text": DET,
                "protected_material_code": {
                    "filtered": False,
                    "detected": True,
                    "citation": {"URL": "https://github.com/x/y", "license": "MIT"},
                },
                "custom_blocklists": {"filtered": False, "details": [{"filtered": False, "id": "bl1"}]},
                "custom_topics": {"filtered": False, "details": [{"detected": False, "id": "t1"}]},
                "ungrounded_material": {
                    "filtered": False,
                    "detected": True,
                    "details": [{"completion_start_offset": 0, "completion_end_offset": 5}],
                },
                "personally_identifiable_information": {
                    "filtered": False,
                    "detected": True,
                    "redacted_text": "call ***",
                    "sub_categories": [
                        {"sub_category": "phone", "filtered": False, "detected": True, "redacted": True}
                    ],
                },
                "error": {"code": 503, "message": "filter unavailable"},
            },
        }
    ],
    "usage": {
        "prompt_tokens": 1,
        "completion_tokens": 2,
        "total_tokens": 3,
        "completion_tokens_details": {"reasoning_tokens": 0},
        "prompt_tokens_details": None,
    },
    "prompt_filter_results": [
        {
            "prompt_index": 0,
            "content_filter_results": {
                **FOUR,
                "jailbreak": DET,
                "indirect_attack": DET,
                "custom_blocklists": [{"filtered": False, "id": "legacy"}],
                "error": {"code": "x", "message": "m"},
            },
        }
    ],
}


def test_validate_returns_empty_list_for_valid() -> None:
    """A valid body gives [] and is_valid True."""
    assert schemas.validate("chat.completions.create", CHAT) == []
    assert schemas.is_valid("chat.completions.create", CHAT)


def test_missing_choices_reports_required_at_root() -> None:
    """Removing choices reports keyword 'required' at '$'."""
    body = {k: v for k, v in CHAT.items() if k != "choices"}
    violations = schemas.validate("chat.completions.create", body)
    assert [(v.path, v.keyword) for v in violations] == [("$", "required")]
    assert "choices" in violations[0].message
    assert violations[0].schema_path == "required"
    assert not schemas.is_valid("chat.completions.create", body)


def test_severity_violation_path() -> None:
    """A severity of the wrong type is reported at its exact JSON path; a new value is drift, not a violation."""
    body = json.loads(json.dumps(CHAT))
    body["choices"][0]["content_filter_results"]["hate"]["severity"] = "extreme"
    assert schemas.validate("chat.completions.create", body) == []
    body["choices"][0]["content_filter_results"]["hate"]["severity"] = ["high"]
    [violation] = schemas.validate("chat.completions.create", body)
    assert violation.path == "$.choices[0].content_filter_results.hate.severity"
    assert violation.keyword == "type"


# ----------------------------------------------------------------------------- mutation seeds

RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1759610832.0,
    "status": "completed",
    "model": "gpt-5",
    "error": None,
    "incomplete_details": None,
    "instructions": None,
    "metadata": {},
    "parallel_tool_calls": True,
    "temperature": 1.0,
    "top_p": None,
    "tools": [],
    "tool_choice": "auto",
    "output": [
        {
            "id": "rs_1",
            "type": "reasoning",
            "summary": [{"type": "summary_text", "text": "t"}],
            "content": [],
        },
        {
            "id": "mcpl_1",
            "type": "mcp_list_tools",
            "server_label": "docs",
            "tools": [{"name": "search", "input_schema": {}}],
        },
        {
            "id": "mcp_1",
            "type": "mcp_call",
            "server_label": "docs",
            "name": "search",
            "arguments": "{}",
            "output": "ok",
            "error": None,
        },
        {
            "id": "msg_1",
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [
                {"type": "output_text", "text": "Hello", "annotations": [], "logprobs": []},
                {"type": "refusal", "refusal": "no"},
            ],
        },
    ],
    "usage": {
        "input_tokens": 1,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": 2,
        "output_tokens_details": {"reasoning_tokens": 1},
        "total_tokens": 3,
    },
    "content_filters": [
        {
            "blocked": False,
            "source_type": "prompt",
            "content_filter_raw": [],
            "content_filter_results": {**FOUR, "jailbreak": DET},
            "content_filter_offsets": {"start_offset": 0, "end_offset": 10, "check_offset": 0},
        },
        {
            "blocked": False,
            "source_type": "completion",
            "content_filter_raw": None,
            "content_filter_results": {**FOUR, "protected_material_code": DET},
            "content_filter_offsets": {"start_offset": 0, "end_offset": 5, "check_offset": 0},
        },
    ],
}
ANNOTATION_CHOICE = {
    "index": 0,
    "finish_reason": None,
    "content_filter_results": FOUR,
    "content_filter_offsets": {"check_offset": 30, "start_offset": 0, "end_offset": 30},
}
CHUNK_BASE = {"id": "chatcmpl-2", "object": "chat.completion.chunk", "created": 1720720719, "model": "gpt-4o"}
MUTATION_SEEDS: list[tuple[str, str, Any]] = [
    ("chat.completions.create", "rich", CHAT),
    (
        "chat.completions.create.reasoning",
        "reasoning",
        {
            **CHAT,
            "usage": {
                "prompt_tokens": 1,
                "completion_tokens": 70,
                "total_tokens": 71,
                "completion_tokens_details": {"reasoning_tokens": 64, "audio_tokens": 0},
            },
        },
    ),
    (
        "chat.completions.create.image_input",
        "two-prompts-singular-spelling",
        {
            **CHAT,
            "prompt_filter_results": [
                {"prompt_index": 0, "content_filter_result": {"jailbreak": DET}},
                {"prompt_index": 1, "content_filter_result": FOUR},
            ],
        },
    ),
    (
        "chat.completions.create.stream",
        "prompt-frame",
        {
            "id": "",
            "object": "",
            "created": 0,
            "model": "",
            "choices": [],
            "usage": None,
            "prompt_filter_results": [
                {"prompt_index": 0, "content_filter_results": {**FOUR, "jailbreak": DET}}
            ],
        },
    ),
    (
        "chat.completions.create.stream",
        "legacy-prompt-annotations",
        {
            "id": "",
            "object": "",
            "created": 0,
            "model": "",
            "choices": [],
            "prompt_annotations": [{"prompt_index": 0, "content_filter_results": FOUR}],
        },
    ),
    (
        "chat.completions.create.stream",
        "delta",
        {
            **CHUNK_BASE,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": None,
                    "delta": {
                        "content": "Hi",
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": "c",
                                "type": "function",
                                "function": {"name": "f", "arguments": ""},
                            }
                        ],
                    },
                    "content_filter_results": {**FOUR, "protected_material_text": DET},
                }
            ],
        },
    ),
    (
        "chat.completions.create.stream",
        "annotation-frame",
        {"id": "", "object": "", "created": 0, "model": "", "choices": [ANNOTATION_CHOICE]},
    ),
    (
        "chat.completions.create.stream",
        "usage-frame",
        {
            **CHUNK_BASE,
            "choices": [],
            "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
        },
    ),
    (
        "completions.create",
        "filtered",
        {
            "id": "cmpl-1",
            "object": "text_completion",
            "created": 1,
            "model": "gpt-35-turbo-instruct",
            "choices": [
                {
                    "text": "x",
                    "index": 0,
                    "finish_reason": "stop",
                    "logprobs": None,
                    "content_filter_results": FOUR,
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
            "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": FOUR}],
        },
    ),
    (
        "embeddings.create",
        "float",
        {
            "object": "list",
            "model": "text-embedding-3-small",
            "data": [{"object": "embedding", "index": 0, "embedding": [0.1, -0.2]}],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        },
    ),
    (
        "embeddings.create",
        "base64",
        {
            "object": "list",
            "model": "text-embedding-3-small",
            "data": [{"object": "embedding", "index": 0, "embedding": "AAAAAA=="}],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        },
    ),
    (
        "images.generate",
        "b64-with-filters",
        {
            "created": 1,
            "data": [
                {
                    "b64_json": "iVBO",
                    "revised_prompt": None,
                    "content_filter_results": FOUR,
                    "prompt_filter_results": {
                        **FOUR,
                        "profanity": DET,
                        "jailbreak": DET,
                        "custom_blocklists": {"filtered": False},
                    },
                }
            ],
            "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3},
        },
    ),
    (
        "audio.transcriptions.create",
        "verbose",
        {
            "text": "Hello",
            "task": "transcribe",
            "language": "english",
            "duration": 1.5,
            "segments": [{"id": 0, "start": 0.0, "end": 1.5, "text": "Hello"}],
            "words": [{"word": "Hello", "start": 0.0, "end": 0.5}],
        },
    ),
    ("responses.create", "rich", RESPONSE),
    ("responses.create.mcp_tool", "mcp", RESPONSE),
    ("responses.create.reasoning", "reasoning", RESPONSE),
    (
        "responses.create.stream",
        "created",
        {
            "type": "response.created",
            "sequence_number": 0,
            "response": {
                **RESPONSE,
                "status": "in_progress",
                "output": [],
                "usage": None,
                "content_filters": None,
            },
        },
    ),
    (
        "responses.create.stream",
        "output_item.added",
        {
            "type": "response.output_item.added",
            "sequence_number": 2,
            "output_index": 0,
            "item": {
                "id": "msg_1",
                "type": "message",
                "status": "in_progress",
                "role": "assistant",
                "content": [],
            },
        },
    ),
    (
        "responses.create.stream",
        "content_part.added",
        {
            "type": "response.content_part.added",
            "sequence_number": 3,
            "item_id": "msg_1",
            "output_index": 0,
            "content_index": 0,
            "part": {"type": "output_text", "text": "", "annotations": []},
        },
    ),
    (
        "responses.create.stream",
        "output_text.delta",
        {
            "type": "response.output_text.delta",
            "sequence_number": 4,
            "item_id": "msg_1",
            "output_index": 0,
            "content_index": 0,
            "delta": "He",
            "logprobs": [],
            "obfuscation": "x",
        },
    ),
    (
        "responses.create.stream",
        "function_call_arguments.done",
        {
            "type": "response.function_call_arguments.done",
            "sequence_number": 9,
            "item_id": "fc_1",
            "output_index": 0,
            "arguments": "{}",
        },
    ),
    (
        "responses.create.stream",
        "error",
        {"type": "error", "sequence_number": 1, "code": None, "message": "boom", "param": None},
    ),
    (
        "error",
        "content-filter-wire",
        {
            "error": {
                "message": "filtered",
                "type": None,
                "param": "prompt",
                "code": "content_filter",
                "status": 400,
                "innererror": {
                    "code": "ResponsibleAIPolicyViolation",
                    "content_filter_result": {
                        **FOUR,
                        "jailbreak": DET,
                        "violence": {"filtered": True, "severity": "medium"},
                    },
                },
            }
        },
    ),
    (
        "error",
        "content-filter-spec",
        {
            "error": {
                "message": "filtered",
                "code": "content_filter",
                "param": "prompt",
                "type": None,
                "inner_error": {
                    "code": "ResponsibleAIPolicyViolation",
                    "content_filter_results": FOUR,
                    "revised_prompt": None,
                },
            }
        },
    ),
    ("error", "401", {"error": {"code": "401", "message": "Access denied"}}),
]


def mutation_seeds() -> list[tuple[str, str, Any]]:
    """Built seeds plus every doc example, so each operation schema has at least one seed."""
    return MUTATION_SEEDS + [(n, i, b) for i, n, b in doc_examples()]


def test_every_operation_schema_has_a_mutation_seed() -> None:
    """Each operation schema gets mutation coverage."""
    assert {n for n, _, _ in mutation_seeds()} == set(schemas.schema_names())


@pytest.mark.parametrize(
    ("name", "instance"), [pytest.param(n, b, id=f"{n}:{i}") for n, i, b in mutation_seeds()]
)
def test_mutation_seed_is_valid(name: str, instance: Any) -> None:
    """Every seed is valid before it is mutated."""
    assert schemas.validate(name, instance) == []


# ----------------------------------------------------------------------------- mutation generator

JSON_TYPES = {"string", "integer", "number", "boolean", "null", "object", "array"}
REPLACEMENTS: list[Any] = [123, "x", {}, [], True, None]


def _json_type(value: Any) -> str:
    """The JSON type name of a Python value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", dict: "object", list: "array"}[type(value)]


def _accepts(types: set[str] | None, value: Any) -> bool:
    """Whether a declared type set admits the value's JSON type (None = unconstrained)."""
    if types is None:
        return True
    t = _json_type(value)
    return t in types or (t == "integer" and "number" in types)


class Walker:
    """Walk a schema and an instance together and collect mutation targets."""

    def __init__(self, name: str) -> None:
        """Resolve against the local registry, rooted at the named operation schema."""
        self.root = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
        self.required: set[tuple[Any, ...]] = set()
        self.types: dict[tuple[Any, ...], set[str]] = {}

    def _valid(self, schema: Any, instance: Any, resolver: Any) -> bool:
        """Validate a subschema in its resolution context."""
        return jsonschema.Draft202012Validator(schema, registry=registry(), _resolver=resolver).is_valid(
            instance
        )

    def declared(self, schema: Any, resolver: Any) -> set[str] | None:
        """The JSON types a subschema declares (None when it does not constrain the type)."""
        if not isinstance(schema, dict):
            return None
        if "$ref" in schema:
            resolved = resolver.lookup(schema["$ref"])
            return self.declared(resolved.contents, resolved.resolver)
        if "type" in schema:
            t = schema["type"]
            return {t} if isinstance(t, str) else set(t)
        if "const" in schema:
            return {_json_type(schema["const"])}
        if "enum" in schema:
            return {_json_type(v) for v in schema["enum"]}
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                union: set[str] = set()
                for branch in schema[keyword]:
                    declared = self.declared(branch, resolver)
                    if declared is None:
                        return None
                    union |= declared
                return union
        return None

    def walk(self, schema: Any, instance: Any, resolver: Any, loc: tuple[Any, ...]) -> None:
        """Record required members present in the instance (follows $ref, allOf, if/then, unique anyOf)."""
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            resolved = resolver.lookup(schema["$ref"])
            self.walk(resolved.contents, instance, resolved.resolver, loc)
        for sub in schema.get("allOf", []):
            self.walk(sub, instance, resolver, loc)
        for keyword in ("anyOf", "oneOf"):
            matching = [s for s in schema.get(keyword, []) if self._valid(s, instance, resolver)]
            if len(matching) == 1:
                self.walk(matching[0], instance, resolver, loc)
        if "if" in schema and "then" in schema and self._valid(schema["if"], instance, resolver):
            self.walk(schema["then"], instance, resolver, loc)
        if isinstance(instance, dict):
            self.required.update((*loc, key) for key in schema.get("required", []) if key in instance)
            for key, sub in schema.get("properties", {}).items():
                if key in instance:
                    declared = self.declared(sub, resolver)
                    if declared is not None:
                        known = self.types.get((*loc, key))
                        self.types[(*loc, key)] = declared if known is None else known & declared
                    self.walk(sub, instance[key], resolver, (*loc, key))
        if isinstance(instance, list) and "items" in schema:
            for i, item in enumerate(instance):
                self.walk(schema["items"], item, resolver, (*loc, i))

    def targets(self, instance: Any) -> dict[tuple[Any, ...], set[str] | None]:
        """Return {location of a required member: declared types}."""
        self.required, self.types = set(), {}
        self.walk(self.root, instance, registry().resolver(base_uri=self.root["$id"]), ())
        return {loc: self.types.get(loc) for loc in self.required}


def _severity_locations(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the location of every 'severity' member in an instance."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "severity" and isinstance(value, str):
                yield (*loc, key)
            yield from _severity_locations(value, (*loc, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _severity_locations(item, (*loc, i))


def _set(instance: Any, loc: tuple[Any, ...], value: Any = ..., delete: bool = False) -> Any:
    """Return a deep copy of instance with loc replaced by value or deleted."""
    out = json.loads(json.dumps(instance))  # not deepcopy: seeds share sub-dicts, which must not alias
    parent = out
    for part in loc[:-1]:
        parent = parent[part]
    if delete:
        del parent[loc[-1]]
    else:
        parent[loc[-1]] = value
    return out


def mutations(name: str, instance: Any) -> Iterator[tuple[str, tuple[Any, ...], Any, str]]:
    """Yield (kind, location, mutated instance, expected-path rule) for one valid seed."""
    for loc, types in sorted(Walker(name).targets(instance).items(), key=lambda kv: str(kv[0])):
        yield "remove", loc, _set(instance, loc, delete=True), "parent"
        replacement = next((r for r in REPLACEMENTS if not _accepts(types, r)), ...)
        if replacement is not ...:
            yield "retype", loc, _set(instance, loc, replacement), "exact"
    for loc in _severity_locations(instance):
        # a new severity *value* is new-enum-value drift (shape tier); a severity that is not a string breaks clients
        yield "severity", loc, _set(instance, loc, ["extreme"]), "exact"


def all_mutations() -> list[Any]:
    """Every mutation of every seed, as pytest params grouped per seed."""
    return [pytest.param(n, b, id=f"{n}:{i}") for n, i, b in mutation_seeds()]


@pytest.mark.parametrize(("name", "instance"), all_mutations())
def test_mutations_are_rejected(name: str, instance: Any) -> None:
    """Removing a required member, retyping it, or a non-string severity is rejected at the right path."""
    produced = 0
    failures = []
    for kind, loc, mutated, rule in mutations(name, instance):
        produced += 1
        expected = schemas.json_path(loc if rule == "exact" else loc[:-1])
        violations = schemas.validate(name, mutated)
        rs_ok, py_ok = schemas.is_valid(name, mutated), py_validator(name).is_valid(mutated)
        if rs_ok != py_ok:
            failures.append(f"{kind} {expected}: jsonschema={py_ok} jsonschema_rs={rs_ok}")
        if not violations or rs_ok:
            failures.append(f"{kind} {schemas.json_path(loc)}: accepted")
        elif not any(v.path == expected for v in violations):
            failures.append(f"{kind} {schemas.json_path(loc)}: reported at {[v.path for v in violations]}")
    assert produced > 0
    assert failures == []
