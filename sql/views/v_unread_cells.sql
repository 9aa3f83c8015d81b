-- Printed cells of recognised tables that no fact reads (cell accounting, interpret/cell_accounting.py):
-- the cell's text as printed and its place (table, row, column). A layout the interpreters do not
-- expect shows here instead of losing values silently.
CREATE OR REPLACE VIEW v_unread_cells AS
SELECT
    d.commune,
    d.document_id AS source_file,
    d.is_current,
    d.plan_id,
    r.source_table,
    r.source_row,
    r.source_col,
    r.before_text AS cell_text
FROM quality_repair AS r
JOIN dim_document AS d USING (document_id)
WHERE r.repair_kind = 'unread-cell';
