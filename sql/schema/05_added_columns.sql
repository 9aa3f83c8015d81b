-- Columns added after warehouses were first built: CREATE TABLE IF NOT EXISTS leaves an existing
-- table as it was, so a warehouse built by an earlier version gains them here (no-ops on new ones).
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS notes VARCHAR[];
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS defects VARCHAR[];
