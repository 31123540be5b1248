"""The stand-in's credential check, read from the auth modes' data instead of knowing any mode.

A credential is accepted in the header forms the service takes it in on the request's surface family
(`Credential.service_forms`: the v1 surface also takes the key as a bearer token), unless the catalog
documents a 401 for every auth mode that sends it there (v1 embeddings refuse Entra ID tokens). A refusal
answers with the refused header's own 401 message, as Azure does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from conformance.catalog import auth_modes
from conformance.catalog.auth_modes import KEY, TOKEN, Credential
from conformance.catalog.operations import OPERATIONS
from conformance.standin import faults

# A request with no credential header at all is answered as a wrong key is.
ABSENT = auth_modes.API_KEY_HEADER
_OPERATION_PATH = re.compile(r"/openai(?:/v1|/deployments/[^/]+)?(/.*)")


def operation_path(url_path: str) -> str:
    """The catalog's operation path (`/embeddings`) inside a request path on any surface."""
    match = _OPERATION_PATH.fullmatch(url_path)
    return match.group(1) if match else url_path


def documented_refusal(credential: Credential, family: str, path: str) -> bool:
    """Whether the docs say the service refuses this credential for this operation on this family."""
    modes = auth_modes.modes_using(credential, family)
    return bool(modes) and all(
        any((exc := op.exception_for(family, mode.value)) is not None and exc.status == 401
            for op in OPERATIONS.values() if op.path == path and family in op.surfaces)
        for mode in modes)


def refused(headers: Mapping[str, str], family: str, path: str,
            secrets: Mapping[Credential, str]) -> auth_modes.HeaderForm | None:
    """The header form whose credential is refused (its 401 message applies), or None when accepted."""
    present = [f for f in auth_modes.HEADER_FORMS if f.header in headers]  # a bare key header first
    carrying = [(f, v) for f in present if f.header == present[0].header and (v := f.read(headers))]
    if not carrying:
        return ABSENT
    form, value = carrying[0]
    for credential, secret in secrets.items():
        if (form in credential.service_forms[family] and value == secret
                and not documented_refusal(credential, family, operation_path(path))):
            return None
    return form


def auth_error(headers: Mapping[str, str], family: str, path: str, api_key: str, token: str) -> Any:
    """The 401 body for a request whose credential the resource would refuse, or None."""
    form = refused(headers, family, path, {KEY: api_key, TOKEN: token})
    return None if form is None else faults.error_body("401", form.refusal)
