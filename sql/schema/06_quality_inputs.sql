-- Incremental quality (expectations/run.py): what each document's current results were computed
-- from. A document whose rows, references and suites are unchanged keeps the results of the run
-- named here instead of being validated again.
CREATE TABLE IF NOT EXISTS quality_input (
    document_id    VARCHAR PRIMARY KEY,
    digest         VARCHAR NOT NULL,       -- SHA-256 of the document's rows, references and suites
    suite_version  VARCHAR NOT NULL,       -- expectations code and GX version (see suite_version())
    run_id         VARCHAR NOT NULL        -- the quality_run whose results are this document's current ones
);
