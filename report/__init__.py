"""Analysts' outputs from a built warehouse: Parquet/CSV exports and a self-contained HTML report."""
