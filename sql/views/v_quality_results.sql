-- Every expectation evaluated by every quality run, per document: what was checked, whether it
-- held, and what was found. is_latest_run marks the results currently valid: for a document, those
-- of the latest run that validated it (a refresh validates only documents whose rows, references or
-- suites changed; the others keep their results); for checks of the whole warehouse (source_file
-- NULL), those of the latest run. A failed expectation marks the data, it never removes it.
CREATE OR REPLACE VIEW v_quality_results AS
WITH latest AS (
    SELECT run_id FROM quality_run ORDER BY run_at DESC, run_id DESC LIMIT 1
)
SELECT
    d.commune,
    q.document_id AS source_file,
    coalesce(d.is_current, FALSE) AS is_current,
    d.plan_id,
    q.run_id,
    q.run_at,
    CASE
        WHEN q.document_id IS NULL THEN q.run_id IN (SELECT run_id FROM latest)
        ELSE coalesce(i.run_id = q.run_id, FALSE)
    END AS is_latest_run,
    q.suite,
    q.expectation,
    q.success,
    q.observed,
    q.details
FROM quality_result AS q
LEFT JOIN dim_document AS d USING (document_id)
LEFT JOIN quality_input AS i ON i.document_id = q.document_id;
