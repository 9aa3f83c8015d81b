-- How far the renditions of one plan agree: each interpreted rendition against the plan's current
-- one, per kind of fact (activity, project, proposal, stated measure). Computed by
-- staging/stg_rendition_agreement.sql (the columns and statuses are described there) and read from
-- its copy built at the end of each refresh (materialised/mart_rendition_agreement.sql).
CREATE OR REPLACE VIEW v_rendition_agreement AS
SELECT * FROM mart_rendition_agreement;
