"""Extractors: one per source format, each giving the format-neutral ``ExtractedDocument``."""
