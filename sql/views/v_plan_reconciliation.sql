-- What each document states about itself against what its loaded facts add up to.
-- status 'mismatch' is the document's own contradiction: recorded, never corrected. Percentages
-- (measures ending in _pct) are printed as whole numbers, so sums within 2 points are 'ok'.
-- scope: '' = whole plan, 'domain N', 'commitment N'; scope_label names it for a reader (a domain
-- by its detail heading, else by the summary row's wording).
CREATE OR REPLACE VIEW v_plan_reconciliation AS
WITH domain_names AS (
    SELECT document_id, 'domain ' || domain_no AS scope, min(domain) AS domain
    FROM fact_activity WHERE domain_no IS NOT NULL AND domain IS NOT NULL GROUP BY ALL
)
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    d.plan_kind,
    s.measure,
    s.scope,
    CASE
        WHEN s.scope = '' THEN 'whole plan'
        WHEN s.scope LIKE 'domain %' THEN s.scope || ': ' || coalesce(n.domain, trim(s.raw_text), '?')
        ELSE s.scope
    END AS scope_label,
    s.stated_value,
    c.value AS computed_value,
    c.value - s.stated_value AS difference,
    CASE
        WHEN c.value = s.stated_value THEN 'ok'
        WHEN s.measure LIKE '%\_pct' ESCAPE '\' AND abs(c.value - s.stated_value) <= 2 THEN 'ok'
        ELSE 'mismatch'
    END AS status,
    s.raw_text AS stated_text,
    s.source_table,
    s.source_row,
    s.source_line,
    s.source_page
FROM plan_stated_measure AS s
JOIN stg_loaded_documents AS d USING (document_id)
LEFT JOIN stg_computed_measures AS c
    ON c.document_id = s.document_id AND c.measure = s.measure AND c.scope = s.scope
LEFT JOIN domain_names AS n ON n.document_id = s.document_id AND n.scope = s.scope;
