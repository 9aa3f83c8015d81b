-- Computed by staging/stg_commune_comparison.sql (what each column means is described there and in
-- catalog/descriptions.toml), read from its copy built at the end of each refresh
-- (materialised/mart_commune_comparison.sql).
CREATE OR REPLACE VIEW v_commune_comparison AS
SELECT * FROM mart_commune_comparison;
