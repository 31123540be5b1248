"""User-facing errors: each carries one message that names the fix, shown without a traceback."""

from __future__ import annotations


class ConformanceError(Exception):
    """Base for errors the user can fix; the CLI prints the message alone and exits 2."""


class ConfigError(ConformanceError):
    """Missing or malformed configuration."""


class CassetteError(ConformanceError):
    """A cassette is missing, corrupt, or does not match the request."""


class CredentialError(ConformanceError):
    """No credential could be obtained for an auth mode."""


class DeploymentError(ConformanceError):
    """The endpoint has no deployment by the configured name: a setting of the run, not a finding."""
