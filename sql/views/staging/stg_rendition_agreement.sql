-- The computation behind v_rendition_agreement (which reads its copy, mart_rendition_agreement,
-- rebuilt at the end of each refresh: joins and windows over every fact are too slow to run per read).
-- How far the renditions of one plan agree: each interpreted rendition against the plan's current
-- one, per kind of fact (activity, project, proposal, stated measure). Facts are paired by their
-- place in the plan (stg_rendition_facts.match_key); matched = facts of the current rendition found
-- in the other; titles_equal (after folding), amounts_equal, dates_equal and placements_equal
-- count among the matched. status: 'equal' when both hold the same facts with the same titles,
-- figures, dates and placement;
-- 'explained' when they differ and one of the two renditions carries a flagged defect
-- (stg_rendition_defects, listed in reference_defects / rendition_defects: text in visual order,
-- glyphs printed over letters, facts the file does not give, cells kept unread); 'differs'
-- otherwise (a difference nobody explains).
CREATE OR REPLACE VIEW stg_rendition_agreement AS
WITH pairs AS (
    SELECT r.plan_id, r.commune, r.document_id AS reference_file, o.document_id AS rendition_file,
           o.source_format AS rendition_format
    FROM stg_loaded_documents AS r
    JOIN stg_loaded_documents AS o ON o.plan_id = r.plan_id AND o.document_id <> r.document_id
    WHERE r.is_current AND r.status = 'interpreted' AND o.status = 'interpreted'
),
facts AS (
    SELECT plan_id, document_id, fact, match_key, any_value(title_key) AS title_key,
           any_value(amount) AS amount, any_value(dates) AS dates, any_value(placement) AS placement
    FROM stg_rendition_facts GROUP BY ALL
),
counts AS (
    SELECT document_id, fact, count(*) AS n FROM facts GROUP BY ALL
),
compared AS (
    SELECT p.plan_id, p.commune, p.reference_file, p.rendition_file, p.rendition_format, f.fact,
           count(o.match_key) AS matched,
           count(o.match_key) FILTER (WHERE f.title_key IS NOT DISTINCT FROM o.title_key) AS titles_equal,
           count(o.match_key) FILTER (WHERE f.amount IS NOT DISTINCT FROM o.amount) AS amounts_equal,
           count(o.match_key) FILTER (WHERE f.dates IS NOT DISTINCT FROM o.dates) AS dates_equal,
           count(o.match_key) FILTER (WHERE f.placement IS NOT DISTINCT FROM o.placement) AS placements_equal
    FROM pairs AS p
    JOIN facts AS f ON f.document_id = p.reference_file
    LEFT JOIN facts AS o
        ON o.document_id = p.rendition_file AND o.fact = f.fact AND o.match_key = f.match_key
    GROUP BY ALL
),
measured AS (
    SELECT c.*, rc.n AS reference_count, coalesce(oc.n, 0) AS rendition_count,
           rd.defects AS reference_defects, od.defects AS rendition_defects
    FROM compared AS c
    JOIN counts AS rc ON rc.document_id = c.reference_file AND rc.fact = c.fact
    LEFT JOIN counts AS oc ON oc.document_id = c.rendition_file AND oc.fact = c.fact
    JOIN stg_rendition_defects AS rd ON rd.document_id = c.reference_file
    JOIN stg_rendition_defects AS od ON od.document_id = c.rendition_file
)
SELECT
    commune,
    rendition_file AS source_file,
    FALSE AS is_current,
    plan_id,
    reference_file,
    rendition_format,
    fact,
    reference_count,
    rendition_count,
    matched,
    titles_equal,
    amounts_equal,
    dates_equal,
    placements_equal,
    CASE
        WHEN matched = reference_count AND rendition_count = reference_count AND titles_equal = matched
             AND amounts_equal = matched AND dates_equal = matched AND placements_equal = matched
            THEN 'equal'
        WHEN len(reference_defects) + len(rendition_defects) > 0 THEN 'explained'
        ELSE 'differs'
    END AS status,
    reference_defects,
    rendition_defects
FROM measured;
