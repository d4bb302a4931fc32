"""sheets: a YAML product catalog → print-ready PDF product sheets and a brochure."""

__version__ = "0.1.0"
