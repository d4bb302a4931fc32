"""A shop's export (Shopify product CSV, spreadsheet, Google Merchant feed) made a catalog.yaml
with its images/ folder: `sheets import`."""

from .flow import ImportReport, import_catalog
from .options import ImportOptions

__all__ = ["ImportOptions", "ImportReport", "import_catalog"]
