"""Preflight: what a print shop checks in any PDF (`checks.preflight`), page by page."""
