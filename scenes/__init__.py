"""Scenes, one module per chapter of the course notes."""
