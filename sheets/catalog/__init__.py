"""The catalog stage: YAML text → a validated, typed model (`load_catalog`), every problem with its place."""
