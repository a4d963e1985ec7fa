"""Rakorda meetings in the pure core: the meeting as a plain record (for documents) and its dates in words."""
