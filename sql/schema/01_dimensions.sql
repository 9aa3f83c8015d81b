-- Dimensions. Keys are readable text so that researchers can join and cite them:
-- document_id = the raw file name; plan_id = commune/kind/period; other ids = document_id#kind#n.

CREATE TABLE IF NOT EXISTS dim_commune (
    commune   VARCHAR PRIMARY KEY,      -- slug: lowercase ASCII with hyphens
    name_ar   VARCHAR,
    name_fr   VARCHAR,
    region    VARCHAR
);

CREATE TABLE IF NOT EXISTS dim_plan (
    plan_id            VARCHAR PRIMARY KEY,  -- e.g. ait-melloul/open_plan/2024-2025
    commune            VARCHAR NOT NULL,
    plan_kind          VARCHAR NOT NULL,     -- open_plan | action_plan | cocreation | pac
    title              VARCHAR,
    period_start_year  INTEGER,
    period_end_year    INTEGER
);

CREATE TABLE IF NOT EXISTS dim_document (
    document_id       VARCHAR PRIMARY KEY,  -- file name in the raw folder
    plan_id           VARCHAR,              -- NULL when quarantined before a plan was known
    commune           VARCHAR,
    source_format     VARCHAR NOT NULL,     -- txt | docx | pptx | pdf
    sha256            VARCHAR NOT NULL,
    size_bytes        BIGINT,
    pages_or_lines    INTEGER,
    extractor         VARCHAR,
    pipeline_version  VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,     -- interpreted | recognised | quarantined
    reason            VARCHAR,              -- why quarantined, or what was not interpreted
    commune_source    VARCHAR,              -- document_text | manifest
    is_current        BOOLEAN NOT NULL DEFAULT FALSE,
    warnings          VARCHAR[],             -- the extractor's: what the file itself garbles
    notes             VARCHAR[],             -- the interpreter's: how the tables were read
    defects           VARCHAR[],             -- the interpreter's: facts this rendition does not give
    loaded_at         TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_axis (
    axis_id      VARCHAR PRIMARY KEY,
    document_id  VARCHAR NOT NULL,
    plan_id      VARCHAR NOT NULL,
    axis_no      INTEGER,
    label        VARCHAR NOT NULL,          -- as printed (normalised Arabic)
    domain       VARCHAR,
    theme        VARCHAR,                   -- canonical theme, NULL when no rule matched
    theme_keyword VARCHAR                   -- the rule's keyword that matched
);

CREATE TABLE IF NOT EXISTS dim_project (
    project_id    VARCHAR PRIMARY KEY,
    document_id   VARCHAR NOT NULL,
    plan_id       VARCHAR NOT NULL,
    axis_id       VARCHAR,
    project_code  VARCHAR,
    project_no    INTEGER,
    title         VARCHAR NOT NULL,
    title_key     VARCHAR,                  -- folded title: matches renditions and wordings
    domain        VARCHAR,
    objectives    VARCHAR,
    partners      VARCHAR,
    cost_mad      DECIMAL(14, 2),
    theme         VARCHAR,                  -- from the axis label, else the project title, else the domain
    theme_keyword VARCHAR,
    theme_source  VARCHAR,                  -- axis | project | domain
    source_table  INTEGER,
    source_row    INTEGER,
    source_line   INTEGER,
    source_page   INTEGER
);
