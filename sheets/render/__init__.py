"""Rendering: a product's sheet and the brochure as PDF bytes, sheets drawn in parallel processes."""
