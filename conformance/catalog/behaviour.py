"""The behaviour probes the docs describe: retries (Retries) and the status → exception table (Error codes).

Each probe is one request variant with its documented outcome: the stand-in scenario that provokes it
(`standin-scenario`, sent only to the stand-in), the exception class the SDK must raise and the HTTP
attempts it must make, retries included.
"""

from __future__ import annotations

from conformance.catalog.operation import Probe

_RETRY_STEP = ";retry_after_ms=5"  # short server-advised delays keep the retry probes fast

RETRY_PROBES: tuple[Probe, ...] = (
    Probe("connection-error-retried", scenario="drop,ok", attempts=2),
    Probe("408-retried", scenario=f"status:408{_RETRY_STEP},ok", attempts=2),
    Probe("429-retried-twice", scenario=f"status:429{_RETRY_STEP},status:429{_RETRY_STEP},ok", attempts=3),
    Probe("500-retried-twice-then-raised", scenario=f"status:500{_RETRY_STEP}",
          raises="InternalServerError", attempts=3),
    Probe("max_retries=0", scenario=f"status:429{_RETRY_STEP},ok", raises="RateLimitError",
          attempts=1, max_retries=0),
    Probe("with_options(max_retries=5)", scenario=f"status:503{_RETRY_STEP}", raises="InternalServerError",
          attempts=6, max_retries=5),
)

STATUS_MAPPING_PROBES: tuple[Probe, ...] = tuple(
    Probe(name, scenario=scenario, raises=error, attempts=1, max_retries=0)
    for name, scenario, error in (
        ("400", "status:400", "BadRequestError"),
        ("401", "status:401", "AuthenticationError"),
        ("403", "status:403", "PermissionDeniedError"),
        ("404", "status:404", "NotFoundError"),
        ("422", "status:422", "UnprocessableEntityError"),
        ("429", "status:429", "RateLimitError"),
        ("500", "status:500", "InternalServerError"),
        ("503", "status:503", "InternalServerError"),
        ("no-connection", "drop", "APIConnectionError"),
    )
)
