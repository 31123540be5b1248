"""`aoai-conformance check` on a clean copy of the bundled cassettes and on copies with planted problems."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conformance import check_cmd
from tests.conftest import REPO

CHAT = "chat.completions.create"
Plant = Callable[[Path], None]


def _run(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    check_cmd.add_parser(parser.add_subparsers(dest="command"))
    code = check_cmd.main(parser.parse_args(["check", "--cassette-dir", str(root)]))
    return code, capsys.readouterr().out


@pytest.fixture
def cassettes(tmp_path: Path) -> Path:
    target = tmp_path / "cassettes"
    shutil.copytree(REPO / "cassettes", target)
    return target


def test_the_bundled_cassettes_are_clean(cassettes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(cassettes, capsys)
    assert code == 0, out
    assert out.startswith("aoai-conformance check: ok")


def _edit(mutate: Callable[[dict], None]) -> Plant:
    def plant(root: Path) -> None:
        path = root / "v1" / f"{CHAT}.json"
        data = json.loads(path.read_text())
        mutate(data["interactions"][0])
        path.write_text(json.dumps(data))
    return plant


def _data(mutate: Callable[[dict], None]) -> Plant:
    def plant(root: Path) -> None:
        path = root / "v1" / f"{CHAT}.json"
        data = json.loads(path.read_text())
        mutate(data)
        path.write_text(json.dumps(data))
    return plant


def _req_headers(item: dict) -> dict:
    return item["request"]["headers"]


def _resp_headers(item: dict) -> dict:
    return item["response"]["headers"]


def _body(text: str) -> Callable[[dict], None]:
    def mutate(item: dict) -> None:
        item["response"]["body"]["string"] = item["response"]["body"]["string"][:-1] + f', "x": "{text}"}}'
    return mutate


JWT = "eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjM0NTY3OCJ9.c2lnbmF0dXJlc2lnbmF0dXJl"
PLANTS: dict[str, tuple[Plant, str]] = {
    "api-key value": (_edit(lambda i: _req_headers(i).update({"api-key": ["0123456789abcdef0123456789abcdef"]})),
                      "request header api-key: value is not the placeholder"),
    "bearer token": (_edit(lambda i: _req_headers(i).update({"authorization": ["Bearer real-token-value-123"]})),
                     "request header authorization"),
    "jwt in body": (_edit(_body(JWT)), "response body holds a JWT"),
    "hex key in url": (_edit(lambda i: i["request"].update(uri=i["request"]["uri"] + "?k=" + "ab" * 16)),
                       "request URL holds a 32-hex-character Azure key"),
    "hex key in header": (_edit(lambda i: _resp_headers(i).update({"x-echo": ["fe" * 16]})),
                          "response header x-echo: holds a 32-hex-character Azure key"),
    "sas in url": (_edit(lambda i: i["request"].update(uri=i["request"]["uri"] + "?se=1&sig=abcDEF%3D")),
                   "request URL holds a SAS signature"),
    "sas in body": (_edit(_body("https://x.blob.core.windows.net/a.png?se=1\\u0026sig=abcDEF%3D")),
                    "response body holds a SAS signature"),
    "set-cookie": (_edit(lambda i: _resp_headers(i).update({"set-cookie": ["a=b"]})),
                   "response header set-cookie: cookies must not be recorded"),
    "subscription id": (_edit(lambda i: _resp_headers(i).update({"apim-subscription-id": ["5eb5c41b-1"]})),
                        "response header apim-subscription-id: an account id"),
    "real host": (_edit(lambda i: i["request"].update(uri="https://contoso.openai.azure.com/openai/v1/x")),
                  "request URL names the host 'contoso.openai.azure.com'"),
    "imds token request": (
        _edit(lambda i: i["request"].update(
            method="GET", uri="https://fake-resource.openai.azure.com/metadata/identity/oauth2/token?api-version=1")),
        "request GET /metadata/identity/oauth2/token is not a call of this operation"),
    "another operation's path": (
        _edit(lambda i: i["request"].update(uri="https://fake-resource.openai.azure.com/openai/v1/embeddings")),
        "is not a call of this operation"),
    "no provenance": (_data(lambda d: d.pop("provenance")), "no provenance"),
    "provenance of unknown source": (_data(lambda d: d["provenance"].update(source="laptop")),
                                     "provenance source is 'laptop'"),
    "provenance without a date": (_data(lambda d: d["provenance"].pop("recorded")),
                                  "provenance recorded is not a YYYY-MM-DD date"),
    "unparseable": (lambda root: (root / "v1" / f"{CHAT}.json").write_text('{"interactions": [{'),
                    "does not parse"),
    "missing": (lambda root: (root / "v1" / f"{CHAT}.json").unlink(), f"missing cassette for {CHAT} on v1"),
    "orphan id": (lambda root: (root / "v1" / "no.such.op.json").write_text("{}"), "'no.such.op' is no catalog id"),
    "orphan surface": (lambda root: shutil.copytree(root / "v1", root / "2023-01-01"),
                       "not documented on surface '2023-01-01'"),
    "temp leftover": (lambda root: (root / "v1" / f".{CHAT}.json.abc.tmp").write_text("{"), "leftover temporary"),
}


@pytest.mark.parametrize("kind", list(PLANTS))
def test_each_planted_problem_is_one_line_naming_the_file_and_fix(
    kind: str, cassettes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plant, expected = PLANTS[kind]
    plant(cassettes)
    code, out = _run(cassettes, capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if expected in line]
    assert lines, out
    assert all(str(cassettes) in line and "; fix: " in line for line in lines)
    assert out.splitlines()[-1].startswith("aoai-conformance check: ")


def test_standin_request_ids_and_stainless_headers_are_not_flagged(cassettes: Path) -> None:
    data = json.loads((cassettes / "v1" / f"{CHAT}.json").read_text())
    headers = {**data["interactions"][0]["request"]["headers"], **data["interactions"][0]["response"]["headers"]}
    assert "x-request-id" in headers and "x-stainless-retry-count" in headers
    assert list(check_cmd.secrets_in(data)) == []
