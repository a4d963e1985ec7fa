"""Selaras: provincial and regency digital programs planned together, and every village connected."""

__version__ = "0.1.0"
