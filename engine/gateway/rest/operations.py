"""Which operations of Camunda 8.8's Orchestration Cluster REST API the embedded engine leaves out,
and why. Every other operation of the 8.8 specification is served (the coverage test,
``tests/engine/gateway/test_rest_coverage.py``, holds the routes to this list)."""

from __future__ import annotations

from collections.abc import Mapping

_DOCUMENTS = (
    "Camunda's document store is a separate storage service (AWS S3, GCP or a local-path store the "
    "connectors and forms upload to, with expiring signed links); the embedded engine keeps process "
    "state only and has no document store to serve, so documents stay with the deployment's own storage"
)

OUT_OF_SCOPE: Mapping[str, str] = {
    "createDocument": _DOCUMENTS,
    "createDocuments": _DOCUMENTS,
    "getDocument": _DOCUMENTS,
    "deleteDocument": _DOCUMENTS,
    "createDocumentLink": _DOCUMENTS,
}
"""operationId (as the 8.8 specification names it) → why a single embedded node does not serve it."""
