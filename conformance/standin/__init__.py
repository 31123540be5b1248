"""A local stand-in for an Azure OpenAI resource, for recording cassettes and live runs without Azure."""

from conformance.catalog.config import DEFAULT_DEPLOYMENTS
from conformance.standin.app import SUPPORTED_API_VERSIONS, CapturedRequest, RequestLog, create_app
from conformance.standin.server import StandIn, serve

__all__ = [
    "DEFAULT_DEPLOYMENTS",
    "SUPPORTED_API_VERSIONS",
    "CapturedRequest",
    "RequestLog",
    "StandIn",
    "create_app",
    "serve",
]
