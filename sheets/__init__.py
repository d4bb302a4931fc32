"""sheets: a YAML product catalog → print-ready PDF product sheets and a brochure."""

__version__ = "0.1.0"
# Every PDF's Info /Creator: how a build knows the files of builds whose record was lost.
CREATOR = f"sheets {__version__}"
