-- v_commune_comparison's rows as a table, rebuilt by loader.warehouse.materialise at the end of every refresh
-- (in the build copy, before the swap).
CREATE OR REPLACE TABLE mart_commune_comparison AS SELECT * FROM stg_commune_comparison;
