"""Document checks for applications: completeness against the required materials, and content.

The required materials come from a DMN decision (``requiredMaterials``), the submitted files as
``documents``; the result is a ``documentCheck`` report for the clerk's review form. A missing,
unsafe, unreadable or deficient document is a finding in that report, never a job failure.

Settings (environment variables):

``GOVIT_DOCUMENT_STORE``
    ``local`` (default) or ``s3``.
``GOVIT_DOCUMENT_DIR``
    Directory of the local document store; a document's file is named by its document id.
    Default ``data/documents``.
``GOVIT_DOCUMENT_S3_BUCKET``
    Bucket of the ``s3`` store (required for it).
``GOVIT_DOCUMENT_S3_PREFIX``
    Key prefix before each document id, e.g. ``uploads/``; default none.
``GOVIT_DOCUMENT_S3_ENDPOINT``, ``GOVIT_DOCUMENT_S3_REGION``
    Endpoint of an S3-compatible service (MinIO, OSS, COS; unset for AWS) and its region.
    Credentials come from the standard AWS variables (``AWS_ACCESS_KEY_ID`` …) or profile.
``GOVIT_DOCUMENT_MAX_BYTES``
    Largest upload accepted, in bytes; default 52428800 (50 MiB).
``GOVIT_DOCUMENT_MAX_UNCOMPRESSED_BYTES``
    Largest total declared uncompressed size of a .docx/.xlsx (zip) file; default 268435456
    (256 MiB).
``GOVIT_DOCUMENT_MAX_COMPRESSION_RATIO``
    Largest compression ratio of any zip member over 1 MiB uncompressed; default 100. Office XML
    compresses 5–30 times; zip bombs compress hundreds or thousands of times.
``GOVIT_DOCUMENT_MAX_ZIP_ENTRIES``
    Most members a .docx/.xlsx may have; default 10000.
``GOVIT_DOCUMENT_MAX_PDF_PAGES``
    Most PDF pages whose text is read; default 2000.
"""
