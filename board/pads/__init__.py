"""Pads: documents a class writes together, live, and a teacher publishes."""
