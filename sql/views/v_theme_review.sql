-- Axes and projects no theme rule matched (to review data/reference/theme_rules.csv), and how
-- each matched one got its theme.
CREATE OR REPLACE VIEW v_theme_review AS
SELECT d.commune, d.source_file, d.is_current, 'axis' AS level, x.label, x.theme, x.theme_keyword,
       'axis' AS theme_source
FROM dim_axis AS x JOIN stg_loaded_documents AS d USING (document_id)
UNION ALL
SELECT d.commune, d.source_file, d.is_current, 'project' AS level, p.title AS label, p.theme, p.theme_keyword,
       p.theme_source
FROM dim_project AS p JOIN stg_loaded_documents AS d USING (document_id);
