"""Auth modes as data: each mode is one `AuthModeSpec` saying, per surface family, which documented client it
builds, which header it sends, which credential that header carries and how it is scrubbed.

Everything else reads these objects instead of knowing a mode: the client factory resolves the constructor
inputs a spec names, the request check and the 401/403 message read its header form, matching and scrubbing
read the header forms and credential placeholders, pre-flight reads which credential a mode needs, and the
stand-in accepts a credential in the forms the service takes it (`Credential.service_forms`).
`tests/catalog/test_auth_modes.py` builds every spec's client against a loopback server and compares what
the SDK really sent with the declared form, so a spec cannot claim a header its client does not send.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from conformance.catalog.operation import V1, VERSIONED

FAMILIES = (V1, VERSIONED)


class AuthMode(StrEnum):
    API_KEY = "api_key"
    ENTRA = "entra"
    ENV = "env"


@dataclass(frozen=True)
class HeaderForm:
    """A request header that carries a credential: bare (`api-key: <key>`) or after a scheme (`Bearer`)."""

    header: str  # lower case, as matched and scrubbed
    display: str  # as the docs print it
    scheme: str | None
    refusal: str  # the 401 message the service answers when the credential in this header is refused

    def value(self, secret: str) -> str:
        return secret if self.scheme is None else f"{self.scheme} {secret}"

    def documented(self, credential: Credential) -> str:
        """The form the docs show, e.g. `Authorization: Bearer <entra-token>`."""
        return f"{self.display}: {self.value(credential.placeholder)}"

    @property
    def label(self) -> str:
        return f"`{self.display}{': ' + self.scheme if self.scheme else ''}` header"

    def sends(self, headers: Mapping[str, str]) -> bool:
        """The documented form exactly: the header is there and (case-sensitively) starts with the scheme."""
        raw = headers.get(self.header)
        return raw is not None and (self.scheme is None or raw.startswith(f"{self.scheme} "))

    def read(self, headers: Mapping[str, str]) -> str | None:
        """The credential this header carries (scheme compared case-insensitively), or None."""
        raw = headers.get(self.header, "")
        if self.scheme is not None:
            scheme, _, raw = raw.partition(" ")
            if scheme.lower() != self.scheme.lower():
                return None
        return raw.strip() or None


API_KEY_HEADER = HeaderForm("api-key", "api-key", None, (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key "
    "for an active subscription and use a correct regional API endpoint for your resource."))
BEARER = HeaderForm("authorization", "Authorization", "Bearer", (
    "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), "
    "or have expired."))


@dataclass(frozen=True, eq=False)  # one object per kind, compared by identity (its maps are unhashable)
class Credential:
    """A kind of secret: where a run gets it, how it is scrubbed, and where the service accepts it."""

    name: str
    placeholder: str  # what a recording holds instead of the secret
    variable: str  # the environment variable it is read from (a name, never a value)
    setting: str  # the Settings attribute holding it
    replay: str  # the value replay's clients send (the scrubber maps it to the placeholder)
    fix: str  # what to do when a live/record run has none
    from_chain: bool  # may be obtained from DefaultAzureCredential, so its value can be unknown up front
    service_forms: Mapping[str, tuple[HeaderForm, ...]]  # family -> header forms the service accepts it in


KEY = Credential(
    "api key", "<api-key>", "AZURE_OPENAI_API_KEY", "api_key", "replay-api-key", "set AZURE_OPENAI_API_KEY",
    from_chain=False,
    # The v1 surface also takes the key as a bearer token (that is what OpenAI() sends); both take `api-key`.
    service_forms=MappingProxyType({V1: (API_KEY_HEADER, BEARER), VERSIONED: (API_KEY_HEADER,)}),
)
TOKEN = Credential(
    "Entra ID token", "<entra-token>", "AZURE_OPENAI_AD_TOKEN", "ad_token", "replay-entra-token",
    "set AZURE_OPENAI_AD_TOKEN to a bearer token, or configure DefaultAzureCredential (AZURE_TENANT_ID + "
    "AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, a managed identity, or `az login`)",
    from_chain=True,
    service_forms=MappingProxyType({V1: (BEARER,), VERSIONED: (BEARER,)}),
)
CREDENTIALS: tuple[Credential, ...] = (KEY, TOKEN)


class Input(StrEnum):
    """A value a documented client constructor is given; the client factory resolves each."""

    ENDPOINT = "endpoint"
    V1_BASE_URL = "v1-base-url"  # <endpoint>/openai/v1/
    API_VERSION = "api-version"
    KEY = "key"
    TOKEN_PROVIDER = "token-provider"  # azure-identity's bearer token provider (its aio twin for async clients)


@dataclass(frozen=True)
class ClientRecipe:
    """The documented constructor: `openai.<cls>` (or `Async<cls>`), keyword arguments and SDK variables."""

    cls: str
    kwargs: Mapping[str, Input] = field(default_factory=dict)
    environment: Mapping[str, Input] = field(default_factory=dict)  # set while the client is built, nothing else


@dataclass(frozen=True)
class Presentation:
    """How an auth mode reaches one surface family: the client it builds and what that client sends."""

    client: ClientRecipe
    header: HeaderForm
    credential: Credential

    @property
    def documented(self) -> str:
        return self.header.documented(self.credential)


@dataclass(frozen=True)
class AuthModeSpec:
    mode: AuthMode
    source: str  # where the credential comes from, for failure messages (names only)
    summary: str  # one line for `aoai-conformance init`'s commented config
    families: Mapping[str, Presentation]

    def on(self, family: str) -> Presentation:
        return self.families[family]

    @property
    def credentials(self) -> tuple[Credential, ...]:
        return tuple(dict.fromkeys(p.credential for p in self.families.values()))


_V1_URL = {"base_url": Input.V1_BASE_URL}
_AZURE_URL = {"azure_endpoint": Input.ENDPOINT, "api_version": Input.API_VERSION}

SPECS: Mapping[AuthMode, AuthModeSpec] = MappingProxyType({spec.mode: spec for spec in (
    AuthModeSpec(
        AuthMode.API_KEY, "the key from AZURE_OPENAI_API_KEY", "api-key header from AZURE_OPENAI_API_KEY", {
            V1: Presentation(ClientRecipe("OpenAI", {**_V1_URL, "api_key": Input.KEY}), BEARER, KEY),
            VERSIONED: Presentation(ClientRecipe("AzureOpenAI", {**_AZURE_URL, "api_key": Input.KEY}),
                                    API_KEY_HEADER, KEY),
        }),
    AuthModeSpec(
        AuthMode.ENTRA, "an Entra ID token (AZURE_OPENAI_AD_TOKEN, else DefaultAzureCredential)",
        "Microsoft Entra ID: AZURE_OPENAI_AD_TOKEN, else DefaultAzureCredential", {
            # v1: the token provider goes in as `api_key` (OpenAI calls a callable key per request).
            V1: Presentation(ClientRecipe("OpenAI", {**_V1_URL, "api_key": Input.TOKEN_PROVIDER}), BEARER, TOKEN),
            VERSIONED: Presentation(ClientRecipe(
                "AzureOpenAI", {**_AZURE_URL, "azure_ad_token_provider": Input.TOKEN_PROVIDER}), BEARER, TOKEN),
        }),
    AuthModeSpec(
        AuthMode.ENV, "the key from AZURE_OPENAI_API_KEY, read by the client from its documented environment "
        "variables", "clients configured only by the SDK's documented environment variables (key from "
        "AZURE_OPENAI_API_KEY)", {
            V1: Presentation(ClientRecipe("OpenAI", environment={
                "OPENAI_BASE_URL": Input.V1_BASE_URL, "OPENAI_API_KEY": Input.KEY}), BEARER, KEY),
            VERSIONED: Presentation(ClientRecipe("AzureOpenAI", environment={
                "AZURE_OPENAI_ENDPOINT": Input.ENDPOINT, "AZURE_OPENAI_API_KEY": Input.KEY,
                "OPENAI_API_VERSION": Input.API_VERSION}), API_KEY_HEADER, KEY),
        }),
)})


def spec(mode: AuthMode | str) -> AuthModeSpec:
    return SPECS[AuthMode(mode)]


def _distinct_forms() -> tuple[HeaderForm, ...]:
    found = [p.header for s in SPECS.values() for p in s.families.values()]
    found += [f for c in CREDENTIALS for forms in c.service_forms.values() for f in forms]
    # A bare key header is read before Authorization when a request carries both (as the service does).
    return tuple(sorted(dict.fromkeys(found), key=lambda f: f.scheme is not None))


HEADER_FORMS: tuple[HeaderForm, ...] = _distinct_forms()
CREDENTIAL_HEADERS = frozenset(f.header for f in HEADER_FORMS)
PLACEHOLDERS = frozenset(c.placeholder for c in CREDENTIALS)


def credentials_in(form: HeaderForm) -> tuple[Credential, ...]:
    """The credentials some auth mode sends in this header form."""
    return tuple(dict.fromkeys(p.credential for s in SPECS.values() for p in s.families.values()
                               if p.header == form))


def credential_for(form: HeaderForm, value: str, known: Mapping[str, Credential]) -> Credential:
    """Which credential a value in this header is: the only one sent there, a known secret, else a chain token."""
    kinds = credentials_in(form) or CREDENTIALS
    if len(kinds) == 1:
        return kinds[0]
    if value in known:
        return known[value]
    return next((c for c in kinds if c.from_chain), kinds[-1])


def recorded_values(header: str) -> frozenset[str]:
    """Every value a scrubbed recording may hold in a credential header (placeholders in their forms)."""
    return frozenset(p.header.value(p.credential.placeholder) for s in SPECS.values()
                     for p in s.families.values() if p.header.header == header)


def modes_using(credential: Credential, family: str | None = None) -> list[AuthMode]:
    families: Sequence[str] = FAMILIES if family is None else (family,)
    return [m for m, s in SPECS.items() if any(s.on(f).credential is credential for f in families)]
