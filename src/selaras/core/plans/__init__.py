"""Plan rows in the shape of the plans template (sheet `Program`, one row per indicator)."""
