"""Renderers: each walks the same Document and writes one output format."""
