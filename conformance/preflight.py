"""Credential pre-flight: live and record runs check each selected auth mode's credential once, up front.

Without it a missing key surfaces as one error row per case, and a record run would reach the endpoint
(and the credential chain's managed-identity probe) inside the cassettes of the cases it then fails. Here
the run is refused before its first request, with one message naming every auth mode that lacks a
credential and the fix, so no cassette is touched and no report row pretends a case ran.

The Entra check obtains one token, synchronously, from DefaultAzureCredential when no static token is
set: the chain (including any managed-identity probe) runs here, outside every cassette.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from azure.core.exceptions import ClientAuthenticationError

from conformance.config import AuthMode, Mode, Settings

TokenCheck = Callable[[Settings], str | None]

_KEY_FIX = "set AZURE_OPENAI_API_KEY"
# Record mode replaces every occurrence of a secret in what it saves; a secret this short also occurs in
# ordinary text ("k" in every word with a k), so scrubbing it would corrupt the recordings.
MIN_RECORDED_SECRET = 8


@contextmanager
def _quiet_identity_logs() -> Iterator[None]:
    # DefaultAzureCredential also logs its whole failure report as a WARNING to stderr (sdk-facts §5);
    # the refusal below already says what to do, in one message.
    logger = logging.getLogger("azure.identity")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def dac_problem(settings: Settings) -> str | None:
    """Why DefaultAzureCredential cannot give a token for the run's scope, or None when it can."""
    from azure.identity import DefaultAzureCredential

    credential = DefaultAzureCredential()
    try:
        with _quiet_identity_logs():
            credential.get_token(settings.scope)  # the token itself is discarded, never printed
    except ClientAuthenticationError as exc:
        return str(exc).splitlines()[0]
    finally:
        credential.close()
    return None


def problems(settings: Settings, entra_check: TokenCheck = dac_problem) -> dict[AuthMode, str]:
    """Each selected auth mode that has no credential, with the fix."""
    found: dict[AuthMode, str] = {}
    for mode in settings.auth_modes:
        if mode in (AuthMode.API_KEY, AuthMode.ENV) and not settings.api_key:
            found[mode] = _KEY_FIX
    if AuthMode.ENTRA in settings.auth_modes and not settings.ad_token:
        reason = entra_check(settings)
        if reason is not None:
            found[AuthMode.ENTRA] = (
                "set AZURE_OPENAI_AD_TOKEN to a bearer token, or configure DefaultAzureCredential "
                "(AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, a managed identity, or `az login`); "
                f"DefaultAzureCredential said: {reason}"
            )
    return found


def short_secrets(settings: Settings) -> list[str]:
    """The variables whose secret is too short to scrub safely, in record mode (never the values)."""
    if settings.mode is not Mode.RECORD:
        return []
    pairs = (("AZURE_OPENAI_API_KEY", settings.api_key), ("AZURE_OPENAI_AD_TOKEN", settings.ad_token))
    return [name for name, value in pairs if value and len(value) < MIN_RECORDED_SECRET]


def refusal(settings: Settings, entra_check: TokenCheck = dac_problem) -> str | None:
    """The one message refusing a live/record run whose auth modes lack credentials, or None to proceed."""
    if not settings.uses_network:
        return None  # replay uses placeholder credentials
    short = short_secrets(settings)
    if short:
        return (f"record run refused before any request: {' and '.join(short)} "
                f"{'is' if len(short) == 1 else 'are'} shorter than {MIN_RECORDED_SECRET} characters, so scrubbing "
                "it from the cassettes would also rewrite ordinary response text; use a longer secret "
                "(real Azure keys are 32+ characters; for the stand-in e.g. --api-key demo-key-1234)")
    missing = problems(settings, entra_check)
    if not missing:
        return None
    names = ", ".join(mode.value for mode in missing)
    fixes = "; ".join(f"{mode.value}: {fix}" for mode, fix in missing.items())
    keep = [mode.value for mode in settings.auth_modes if mode not in missing]
    drop = (f", or run only the others with --auth-modes {','.join(keep)}" if keep
            else "; no selected auth mode has a credential")
    return (f"{settings.mode.value} run refused before any request: no credential for auth mode(s) {names} "
            f"({fixes}){drop}")
