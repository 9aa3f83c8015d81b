-- Columns added after warehouses were first built: CREATE TABLE IF NOT EXISTS leaves an existing
-- table as it was, so a warehouse built by an earlier version gains them here (no-ops on new ones).
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS notes VARCHAR[];
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS defects VARCHAR[];
-- Cell accounting (interpret/cell_accounting.py): printed cells of the recognised tables and those no
-- fact reads; an unread cell is a quality_repair row of kind 'unread-cell' with its column.
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS cells_printed INTEGER;
ALTER TABLE dim_document ADD COLUMN IF NOT EXISTS cells_unread INTEGER;
ALTER TABLE quality_repair ADD COLUMN IF NOT EXISTS source_col INTEGER;
-- Activity numbers: printed, or the activity's position in its project (activity_no_printed false).
ALTER TABLE fact_activity ADD COLUMN IF NOT EXISTS activity_no_printed BOOLEAN;
-- Bilingual labels: the French translation printed beside the Arabic label.
ALTER TABLE fact_proposal ADD COLUMN IF NOT EXISTS workshop_fr VARCHAR;
ALTER TABLE fact_proposal ADD COLUMN IF NOT EXISTS domain_fr VARCHAR;
