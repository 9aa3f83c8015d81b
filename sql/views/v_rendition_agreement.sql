-- How far the renditions of one plan agree: each interpreted rendition against the plan's
-- current one, per kind of fact. matched = facts of the current rendition found in the other
-- (same matching key); amounts_equal / dates_equal among the matched. status 'equal' when both
-- hold the same facts with the same amounts and dates.
CREATE OR REPLACE VIEW v_rendition_agreement AS
WITH pairs AS (
    SELECT r.plan_id, r.commune, r.document_id AS reference_file, o.document_id AS rendition_file,
           o.source_format AS rendition_format
    FROM stg_loaded_documents AS r
    JOIN stg_loaded_documents AS o ON o.plan_id = r.plan_id AND o.document_id <> r.document_id
    WHERE r.is_current AND r.status = 'interpreted' AND o.status = 'interpreted'
),
facts AS (
    SELECT plan_id, document_id, fact, match_key, any_value(amount) AS amount, any_value(dates) AS dates,
           count(*) AS copies
    FROM stg_rendition_facts GROUP BY ALL
),
compared AS (
    SELECT p.plan_id, p.commune, p.reference_file, p.rendition_file, p.rendition_format, f.fact,
           (SELECT count(*) FROM facts AS x WHERE x.document_id = p.reference_file AND x.fact = f.fact)
               AS reference_count,
           (SELECT count(*) FROM facts AS x WHERE x.document_id = p.rendition_file AND x.fact = f.fact)
               AS rendition_count,
           count(o.match_key) AS matched,
           count(o.match_key) FILTER (WHERE f.amount IS NOT DISTINCT FROM o.amount) AS amounts_equal,
           count(o.match_key) FILTER (WHERE f.dates IS NOT DISTINCT FROM o.dates) AS dates_equal
    FROM pairs AS p
    JOIN facts AS f ON f.document_id = p.reference_file
    LEFT JOIN facts AS o
        ON o.document_id = p.rendition_file AND o.fact = f.fact AND o.match_key = f.match_key
    GROUP BY ALL
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
    amounts_equal,
    dates_equal,
    CASE
        WHEN matched = reference_count AND rendition_count = reference_count
             AND amounts_equal = matched AND dates_equal = matched THEN 'equal'
        ELSE 'differs'
    END AS status
FROM compared;
