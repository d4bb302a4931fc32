"""Preflight: what a print shop checks in any PDF (`checks.preflight`), page by page, and the
machine-checkable basics of PDF/UA-1 (`ua.check_ua`)."""
