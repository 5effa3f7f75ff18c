"""Content checks of submitted documents, one per rule of RULES.md they enforce."""

from workers.documents.checks.base import ContentCheck, Issue, Submission
from workers.documents.checks.catalog import TH_15_3
from workers.documents.checks.chapters import LG_10_6, LG_11_1, LG_12_2, TH_15_1, YB_6_2
from workers.documents.checks.heyuan_forms import HY_FORM_1, HY_FORM_2, HY_FORM_3
from workers.documents.checks.quotations import LG_12_3

CONTENT_CHECKS: tuple[ContentCheck, ...] = (
    LG_10_6,
    LG_11_1,
    LG_12_2,
    LG_12_3,
    TH_15_1,
    TH_15_3,
    HY_FORM_1,
    HY_FORM_2,
    HY_FORM_3,
    YB_6_2,
)

__all__ = ["CONTENT_CHECKS", "ContentCheck", "Issue", "Submission"]
