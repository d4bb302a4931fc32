"""The edition tools: what changed between two builds, and proofs of it."""
