-- v_plan_summary's rows as a table, rebuilt by loader.warehouse.materialise at the end of every refresh
-- (in the build copy, before the swap).
CREATE OR REPLACE TABLE mart_plan_summary AS SELECT * FROM stg_plan_summary;
