package ru.vitrina.engine.access;

/**
 * What a user may do. Declared once here; every route names the roles it admits and admits nothing else.
 */
public enum Role {
    /** Open data and public dashboards; anyone without a login. */
    PUBLIC,
    /** Wall screens and dashboards. */
    VIEWER,
    /** Ad hoc queries, SQL, JDBC and exports. */
    ANALYST,
    /** As an analyst, but only the rows of their own municipal formations. */
    MUNICIPAL_OFFICER,
    /** Enters and submits values of the indicators they are responsible for. */
    DATA_OFFICER,
    /** Loads, users and configuration. */
    ADMINISTRATOR
}
