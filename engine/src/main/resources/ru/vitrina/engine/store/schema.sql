-- The store's tables: one schema per domain, plus meta (versions, loads) and ref (reference data).
-- Ingest jobs and the demo simulators write these tables; cubes/*.yaml read them.
-- Every fact row carries load_id, so it can be traced to the load (meta.load) and its source extract.

CREATE SCHEMA IF NOT EXISTS meta;
CREATE SCHEMA IF NOT EXISTS ref;
CREATE SCHEMA IF NOT EXISTS budget;
CREATE SCHEMA IF NOT EXISTS procurement;
CREATE SCHEMA IF NOT EXISTS health;
CREATE SCHEMA IF NOT EXISTS labour;

CREATE TABLE IF NOT EXISTS meta.data_version (
    version       BIGINT PRIMARY KEY,
    published_at  TIMESTAMP NOT NULL,
    published_by  VARCHAR NOT NULL,   -- job that published it (budget, demo, reference ...)
    note          VARCHAR
);

CREATE TABLE IF NOT EXISTS meta.load (
    load_id          BIGINT PRIMARY KEY,
    job              VARCHAR NOT NULL,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    status           VARCHAR NOT NULL,  -- running, published, unchanged (nothing new: no version), failed
    data_version     BIGINT,
    source_extract   VARCHAR,           -- file name, URL or JDBC watermark range
    source_checksum  VARCHAR,
    rows_read        BIGINT,
    rows_loaded      BIGINT,
    rows_quarantined BIGINT,
    error            VARCHAR
);

-- Territories of the region: region (level 1), municipal formations (2), settlements (3), keyed by OKTMO.
CREATE TABLE IF NOT EXISTS ref.territory (
    oktmo              VARCHAR PRIMARY KEY,
    name_ru            VARCHAR NOT NULL,
    name_en            VARCHAR,
    level              INTEGER NOT NULL,
    kind_ru            VARCHAR NOT NULL,  -- субъект РФ, муниципальный район, городской округ, городское/сельское поселение
    parent_oktmo       VARCHAR,
    municipality_oktmo VARCHAR,           -- the level-2 ancestor (itself for level 2), null for the region
    synthetic          BOOLEAN NOT NULL DEFAULT false,  -- true where the name or code was generated for the demo
    note               VARCHAR
);

CREATE TABLE IF NOT EXISTS ref.population (
    oktmo      VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    population BIGINT NOT NULL,
    estimated  BOOLEAN NOT NULL,          -- true where no published figure exists and the value is a demo estimate
    source     VARCHAR,
    load_id    BIGINT,
    PRIMARY KEY (oktmo, year)
);

CREATE TABLE IF NOT EXISTS ref.budget_section (      -- разделы (XX00) и подразделы (XXYY) классификации расходов
    code         VARCHAR PRIMARY KEY,
    section_code VARCHAR NOT NULL,                    -- XX00
    name_ru      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ref.expense_type (        -- группы видов расходов
    code    VARCHAR PRIMARY KEY,
    name_ru VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ref.budget_administrator ( -- главные распорядители бюджетных средств (ГРБС)
    code    VARCHAR PRIMARY KEY,
    name_ru VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ref.target_article (      -- целевые статьи (10 знаков)
    code       VARCHAR PRIMARY KEY,
    name_ru    VARCHAR NOT NULL,
    program_ru VARCHAR
);

CREATE TABLE IF NOT EXISTS ref.okved_section (
    code    VARCHAR PRIMARY KEY,
    name_ru VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ref.okpd2_class (
    code         VARCHAR PRIMARY KEY,
    section_code VARCHAR NOT NULL,
    name_ru      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ref.okpd2_section (
    code    VARCHAR PRIMARY KEY,
    name_ru VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ref.icd10_chapter (
    code    VARCHAR PRIMARY KEY,   -- roman numeral I..XXII
    blocks  VARCHAR NOT NULL,      -- A00-B99
    name_ru VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ref.procurement_method (
    code    VARCHAR PRIMARY KEY,
    name_ru VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);

-- Budget execution: one row per operation of the regional or a municipal budget.
CREATE TABLE IF NOT EXISTS budget.execution (
    operation_id       BIGINT NOT NULL,
    document_id        VARCHAR NOT NULL,
    operation_date     DATE NOT NULL,
    oktmo              VARCHAR NOT NULL,   -- budget's territory: municipality or settlement (8 digits)
    municipality_oktmo VARCHAR NOT NULL,
    administrator_code VARCHAR NOT NULL,   -- ГРБС, 3 digits
    section_code       VARCHAR NOT NULL,   -- раздел XX00
    subsection_code    VARCHAR NOT NULL,   -- подраздел XXYY
    target_article     VARCHAR NOT NULL,   -- целевая статья, 10 characters
    expense_type       VARCHAR NOT NULL,   -- группа вида расходов, 3 digits
    plan_amount        DECIMAL(18,2) NOT NULL,  -- бюджетные ассигнования (change carried by this operation)
    limit_amount       DECIMAL(18,2) NOT NULL,  -- лимиты бюджетных обязательств
    fact_amount        DECIMAL(18,2) NOT NULL,  -- кассовое исполнение
    modified_at        TIMESTAMP NOT NULL,
    load_id            BIGINT
);

-- Procurement under 44-ФЗ: one row per contract.
CREATE TABLE IF NOT EXISTS procurement.contract (
    reg_number      VARCHAR NOT NULL,      -- реестровый номер контракта, 19 digits
    customer_inn    VARCHAR NOT NULL,
    customer_kpp    VARCHAR NOT NULL,
    customer_name   VARCHAR NOT NULL,
    oktmo           VARCHAR NOT NULL,      -- customer's municipality
    supplier_inn    VARCHAR NOT NULL,
    supplier_is_smb BOOLEAN NOT NULL,      -- субъект малого и среднего предпринимательства
    method_code     VARCHAR NOT NULL,
    okpd2_code      VARCHAR NOT NULL,      -- class of the main item, 2 digits
    initial_price   DECIMAL(18,2) NOT NULL,  -- НМЦК
    contract_price  DECIMAL(18,2) NOT NULL,
    sign_date       DATE NOT NULL,
    status          VARCHAR NOT NULL,      -- executing, executed, terminated
    load_id         BIGINT
);

-- Health: monthly reports by municipality. Population is the municipality's for the report year,
-- repeated on each row so that rates need no join (see cubes/health.yaml).
CREATE TABLE IF NOT EXISTS health.morbidity (
    report_month  DATE NOT NULL,           -- first day of the month
    oktmo         VARCHAR NOT NULL,
    icd10_chapter VARCHAR NOT NULL,
    cases         BIGINT NOT NULL,         -- registered cases of disease, first diagnosed
    population    BIGINT NOT NULL,
    load_id       BIGINT
);

CREATE TABLE IF NOT EXISTS health.resources (
    report_month  DATE NOT NULL,
    oktmo         VARCHAR NOT NULL,
    hospital_beds INTEGER NOT NULL,        -- at the end of the month
    doctors       INTEGER NOT NULL,        -- at the end of the month
    deaths        INTEGER NOT NULL,        -- during the month
    population    BIGINT NOT NULL,
    load_id       BIGINT
);

-- Labour market: monthly by municipality and OKVED section (of the vacancy, or the last job of the unemployed).
-- labour_force is the municipality's economically active population split by section, so it adds up.
CREATE TABLE IF NOT EXISTS labour.market (
    report_month          DATE NOT NULL,
    oktmo                 VARCHAR NOT NULL,
    okved_section         VARCHAR NOT NULL,
    registered_unemployed INTEGER NOT NULL,  -- at the end of the month
    labour_force          INTEGER NOT NULL,
    vacancies             INTEGER NOT NULL,  -- open at the end of the month
    offered_salary_total  DECIMAL(18,2) NOT NULL,  -- sum of offered monthly salaries over those vacancies
    load_id               BIGINT
);

-- Rows that failed parsing or validation: nothing is dropped silently.
CREATE TABLE IF NOT EXISTS meta.quarantine (
    load_id    BIGINT NOT NULL,
    job        VARCHAR NOT NULL,
    target     VARCHAR NOT NULL,           -- the table the row was meant for
    source     VARCHAR NOT NULL,           -- file, URL or source table
    position   VARCHAR NOT NULL,           -- line, record or key in it
    raw        VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL
);

-- Counts per target table of every load: read = loaded + quarantined.
CREATE TABLE IF NOT EXISTS meta.load_table (
    load_id          BIGINT NOT NULL,
    target           VARCHAR NOT NULL,
    rows_read        BIGINT NOT NULL,
    rows_loaded      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL
);

-- Lineage: the files or extracts a load read, with checksums.
CREATE TABLE IF NOT EXISTS meta.load_source (
    load_id  BIGINT NOT NULL,
    name     VARCHAR NOT NULL,
    sha256   VARCHAR
);

-- Ingest: how far an incremental pull has got in a source (e.g. the budget system's last_modified).
-- Written in the transaction that publishes the load, so it advances only with the data it stands for.
CREATE TABLE IF NOT EXISTS meta.watermark (
    job          VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,       -- the source table or URL the mark belongs to
    modified_at  TIMESTAMP NOT NULL,     -- the newest change already loaded
    load_id      BIGINT NOT NULL
);

-- Data-quality findings of a load that did not stop a row from loading (e.g. fact above 1.5 × plan).
CREATE TABLE IF NOT EXISTS meta.quality (
    load_id   BIGINT NOT NULL,
    job       VARCHAR NOT NULL,
    target    VARCHAR NOT NULL,
    rule      VARCHAR NOT NULL,          -- fact_above_plan, ...
    severity  VARCHAR NOT NULL,          -- warning
    subject   VARCHAR NOT NULL,          -- what the finding is about, e.g. the КБК line
    message   VARCHAR NOT NULL           -- Russian first, English after " / "
);
