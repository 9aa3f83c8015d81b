-- v_rendition_agreement's rows as a table: rebuilt by loader.warehouse.materialise at the end of
-- every refresh, in the build copy before the swap (readers never see it half built), so that a
-- read is a scan of a few hundred rows instead of a comparison of every rendition's facts.
CREATE OR REPLACE TABLE mart_rendition_agreement AS SELECT * FROM stg_rendition_agreement;
