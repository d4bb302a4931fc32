"""A shop's export (Shopify product CSV, spreadsheet, Google Merchant feed) made a catalog.yaml
with its images/ folder: `sheets import` (`command.py`), done by `flow.import_catalog`."""
