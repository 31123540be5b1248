"""`junit.xml`: one testcase per case (classname = operation, name = the case id's `surface-auth-client[-sdk]`).

The layout is what pytest's own `--junitxml` writes (xunit1 family), so CI tools that read pytest's file read
this one: `<failure>`, `<error>` and `<skipped>` children and per-testcase `<properties>`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

# XML 1.0 cannot carry most control characters even escaped; pytest's junitxml replaces them the same way.
_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text safe for an XML 1.0 attribute or element: illegal characters become `#xNN`."""
    return _ILLEGAL.sub(lambda m: f"#x{ord(m.group()):02X}", text)


def _time(seconds: float) -> str:
    return f"{seconds:.3f}"


def _properties(parent: ET.Element, pairs: list[tuple[str, str]]) -> None:
    if pairs:
        node = ET.SubElement(parent, "properties")
        for name, value in pairs:
            ET.SubElement(node, "property", name=name, value=clean(value))


def _drift_value(d: dict[str, Any]) -> str:
    expected = "expected" if d.get("expected") else "unexpected"
    return f"{d.get('severity')} {d.get('kind')} {d.get('path')}: {d.get('message')} [{d.get('source')}] ({expected})"


def _name(row: dict[str, Any]) -> str:
    """The case id's dimensions: another SDK's row keeps its `-sdk` suffix, so no two testcases share a name."""
    sdk = row.get("sdk") or "python"
    return f"{row['surface']}-{row['auth']}-{row['client']}" + ("" if sdk == "python" else f"-{sdk}")


def _testcase(suite: ET.Element, row: dict[str, Any]) -> None:
    case = ET.SubElement(suite, "testcase", classname=row["operation"],
                         name=_name(row), time=_time(row["duration"]))
    # Drift goes in properties (what pytest's record_property writes); the rest in system-out, which even
    # the strict JUnit XSD admits, so a run without drift or errors validates unmodified.
    _properties(case, [("drift", _drift_value(d)) for d in row.get("drift", [])])
    message = clean(row.get("message") or "")
    # A throttled case was not judged: CI tools see it as skipped, typed so it can be told apart.
    tag = {"failed": "failure", "error": "error", "skipped": "skipped", "throttled": "skipped"}.get(row["outcome"])
    if tag is not None:
        node = ET.SubElement(case, tag, message=message[:1000])
        if tag == "skipped":
            node.set("type", f"aoai-conformance.{'throttled' if row['outcome'] == 'throttled' else 'skip'}")
        node.text = message
    facts = [("case", row["id"]), ("status", row.get("status")), ("request id", row.get("request_id")),
             ("attempts", row.get("attempts"))]
    ET.SubElement(case, "system-out").text = "".join(f"{k}: {clean(str(v))}\n" for k, v in facts if v is not None)


def render(data: dict[str, Any]) -> str:
    """The JUnit XML document for a report."""
    summary, info, rows = data["summary"], data["run_info"], data["results"]
    total = _time(sum(r["duration"] for r in rows))
    counts = {"tests": str(summary["cases"]), "failures": str(summary["failed"]), "errors": str(summary["error"])}
    root = ET.Element("testsuites", {"name": "aoai-conformance", "time": total, **counts})
    skipped = str(summary["skipped"] + summary.get("throttled", 0))
    suite = ET.SubElement(root, "testsuite", {"name": "aoai-conformance", "skipped": skipped,
                                              "time": total, "timestamp": info.get("started") or "", **counts})
    _properties(suite, [("mode", info["mode"]), ("tool_version", str(info["tool_version"])),
                        ("api_versions", ",".join(info["api_versions"])),
                        ("auth_modes", ",".join(info["auth_modes"])), ("endpoint_hash", info["endpoint_hash"]),
                        *[(f"sdk:{k}", str(v)) for k, v in info["sdk_versions"].items()]])
    for row in rows:
        _testcase(suite, row)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
