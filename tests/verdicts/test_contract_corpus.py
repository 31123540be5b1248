"""The independent contract corpus: hand-written cases from the specs and docs, judged by both validators.

Each tests/contract_corpus/<schema>.json is a list of {description, source, instance, valid} cases (the
JSON-Schema-Test-Suite layout). The project's validator (conformance.verdicts.schemas) and a python-jsonschema validator
built here from the schema files must both give every case its expected verdict.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from conformance.verdicts import schemas
from tests.support.contract_corpus import CASE_KEYS, corpus, operation_schema_names, schema_documents

SOURCE = re.compile(r"^(docs/\d{3}_\w+\.txt|specs/[\w./-]+|design/spec-notes\.md)")


@cache
def independent(name: str) -> jsonschema.Draft202012Validator:
    """A python-jsonschema validator over the files themselves, sharing nothing with conformance.verdicts.schemas."""
    docs = schema_documents()
    registry: Registry = Registry().with_resources(
        (doc["$id"], DRAFT202012.create_resource(doc)) for doc in docs.values()
    )
    return jsonschema.Draft202012Validator(docs[f"{name}.json"], registry=registry)


def test_every_schema_has_a_corpus_file_and_every_file_a_schema() -> None:
    assert sorted(corpus()) == operation_schema_names()


@pytest.mark.parametrize("name", sorted(corpus()))
def test_corpus_cases_are_well_formed(name: str) -> None:
    cases = corpus()[name]
    assert len(cases) >= 5
    assert any(c["valid"] for c in cases) and any(not c["valid"] for c in cases)
    for index, item in enumerate(cases):
        assert set(item) == CASE_KEYS, (name, index)
        assert isinstance(item["valid"], bool) and item["description"], (name, index)
        assert SOURCE.match(item["source"]), f"{name}[{index}] cites no doc/spec file: {item['source']!r}"


@pytest.mark.parametrize("name", sorted(corpus()))
def test_corpus_cases_get_their_verdict_from_both_validators(name: str) -> None:
    wrong: list[str] = []
    for index, item in enumerate(corpus()[name]):
        instance: Any = item["instance"]
        project = schemas.validate(name, instance)
        fast = schemas.is_valid(name, instance)
        direct = independent(name).is_valid(instance)
        for label, verdict in (
            ("conformance.verdicts.schemas.validate", project == []),
            ("conformance.verdicts.schemas.is_valid", fast),
            ("python-jsonschema", direct),
        ):
            if verdict != item["valid"]:
                wrong.append(
                    f"[{index}] {item['description']} ({label} says {'valid' if verdict else 'invalid'}; {project[:2]})"
                )
    assert not wrong, f"{name}: {len(wrong)} verdicts differ:\n" + "\n".join(wrong[:40])


def test_the_corpus_covers_every_content_filter_placement_and_category() -> None:
    """The issue's list of placements and categories, each with at least one valid and one invalid case."""
    text = {name: " ".join(c["description"] + " " + c["source"] for c in cases) for name, cases in corpus().items()}
    placements = {
        "chat.completions.create": ["prompt_filter_results", "choices[0].content_filter_results"],
        "chat.completions.create.stream": ["stream first frame", "stream chunk choices", "annotation frame"],
        "completions.create": ["completions choices", "completions prompt_filter_results"],
        "images.generate": ["data[0].content_filter_results", "data[0].prompt_filter_results"],
        "responses.create": ["content_filters[0].content_filter_results"],
        "error": ["innererror.content_filter_result.", "inner_error.content_filter_results"],
    }
    for name, needles in placements.items():
        for needle in needles:
            assert needle in text[name], (name, needle)
    categories = [
        "hate",
        "sexual",
        "violence",
        "self_harm",
        "profanity",
        "jailbreak",
        "indirect_attack",
        "protected_material_text",
        "protected_material_code.citation",
        "custom_blocklists",
        "custom_topics",
        "ungrounded_material",
        "personally_identifiable_information",
    ]
    for category in categories:
        assert f".{category}" in text["chat.completions.create"] + text["error"], category
