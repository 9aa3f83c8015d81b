"""Commune plans warehouse: Moroccan communes' planning documents into DuckDB."""

# Bump when extraction or interpretation changes what a document yields: documents loaded by an
# older version are redone on the next refresh even if their files did not change.
PIPELINE_VERSION = "0.1.0"
