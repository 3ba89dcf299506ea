package ru.vitrina.opendata.dataset;

/** The type of a data set's field, and its name in each published format. */
public enum FieldType {
    STRING("string", "text", "string", "VARCHAR"),
    INTEGER("integer", "int8", "integer", "BIGINT"),
    NUMBER("float", "numeric", "number", "DECIMAL"),
    DATE("date", "date", "date", "DATE"),
    BOOLEAN("boolean", "bool", "boolean", "BOOLEAN");

    private final String v3;
    private final String ckan;
    private final String frictionless;
    private final String duckDb;

    FieldType(String v3, String ckan, String frictionless, String duckDb) {
        this.v3 = v3;
        this.ckan = ckan;
        this.frictionless = frictionless;
        this.duckDb = duckDb;
    }

    /** As the «format» column of structure-YYYYMMDD.csv. */
    public String v3() {
        return v3;
    }

    /** As CKAN's DataStore names it (PostgreSQL type names). */
    public String ckan() {
        return ckan;
    }

    /** As a Frictionless Table Schema names it. */
    public String frictionless() {
        return frictionless;
    }

    /** The DuckDB type the stored Parquet file uses; a decimal's scale comes from the data. */
    public String duckDb() {
        return duckDb;
    }
}
