"""Settings of the documents domain, read from ``GOVIT_`` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

_ENV = {
    "document_dir": "GOVIT_DOCUMENT_DIR",
    "max_bytes": "GOVIT_DOCUMENT_MAX_BYTES",
    "max_uncompressed_bytes": "GOVIT_DOCUMENT_MAX_UNCOMPRESSED_BYTES",
    "max_compression_ratio": "GOVIT_DOCUMENT_MAX_COMPRESSION_RATIO",
    "max_zip_entries": "GOVIT_DOCUMENT_MAX_ZIP_ENTRIES",
    "max_pdf_pages": "GOVIT_DOCUMENT_MAX_PDF_PAGES",
    "read_memory_bytes": "GOVIT_DOCUMENT_READ_MEMORY_BYTES",
    "read_seconds": "GOVIT_DOCUMENT_READ_SECONDS",
    "check_seconds": "GOVIT_DOCUMENT_CHECK_SECONDS",
    "store": "GOVIT_DOCUMENT_STORE",
    "s3_bucket": "GOVIT_DOCUMENT_S3_BUCKET",
    "s3_prefix": "GOVIT_DOCUMENT_S3_PREFIX",
    "s3_endpoint": "GOVIT_DOCUMENT_S3_ENDPOINT",
    "s3_region": "GOVIT_DOCUMENT_S3_REGION",
}


def _problem(location: tuple[int | str, ...], message: str) -> str:
    return f"{_ENV[str(location[0])]}: {message}" if location else message


class SettingsError(ValueError):
    """An environment variable holds a value the domain cannot use."""


class DocumentSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_dir: Path = Path("data/documents")
    max_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    max_uncompressed_bytes: int = Field(default=256 * 1024 * 1024, gt=0)
    max_compression_ratio: float = Field(default=100.0, gt=1)
    max_zip_entries: int = Field(default=10_000, gt=0)
    max_pdf_pages: int = Field(default=2000, gt=0)
    # Each upload is parsed in a child process under these limits (workers.documents.isolation);
    # one check, all its uploads together, ends within check_seconds, shorter than the job timeout.
    read_memory_bytes: int = Field(default=1024 * 1024 * 1024, ge=64 * 1024 * 1024)
    read_seconds: float = Field(default=30.0, gt=0)
    check_seconds: float = Field(default=90.0, gt=0)
    store: Literal["local", "s3"] = "local"
    s3_bucket: str | None = None
    s3_prefix: str = ""
    s3_endpoint: str | None = None
    s3_region: str | None = None

    @model_validator(mode="after")
    def _bucket_for_s3(self) -> DocumentSettings:
        if self.store == "s3" and not self.s3_bucket:
            raise ValueError("GOVIT_DOCUMENT_STORE=s3 needs GOVIT_DOCUMENT_S3_BUCKET")
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DocumentSettings:
        env = os.environ if environ is None else environ
        values = {field: env[name] for field, name in _ENV.items() if env.get(name)}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{_ENV[str(err['loc'][0])]}: {err['msg']}" if err["loc"] else err["msg"]
                for err in exc.errors()
            )
            raise SettingsError(f"invalid document settings: {problems}") from exc
