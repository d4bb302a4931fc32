"""Tools on a built edition: proofs for a customer's sign-off, and what changed between two."""
