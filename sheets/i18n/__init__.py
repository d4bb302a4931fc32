"""Languages: numbers, prices and dates in the locale's writing, its typography, and the tool's own words."""
