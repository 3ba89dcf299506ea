package ru.vitrina.ingest.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes data-quality findings of a load into meta.quality, inside the load's transaction. */
public final class Findings {
    public static final String INFO = "info";
    public static final String WARNING = "warning";
    public static final String ERROR = "error";

    private Findings() {
    }

    /** Records an informational finding, e.g. how many rows a reconciliation deleted. */
    public static void info(Connection transaction, long loadId, String job, String target, String rule,
                            String subject, String message) throws SQLException {
        record(transaction, loadId, job, target, rule, INFO, subject, message);
    }

    /** Records something worth a look that did not stop a row, e.g. a report form missing from a workbook. */
    public static void warning(Connection transaction, long loadId, String job, String target, String rule,
                               String subject, String message) throws SQLException {
        record(transaction, loadId, job, target, rule, WARNING, subject, message);
    }

    /** Records figures that are wrong but were loaded, e.g. a negative allocation (a configured rule of severity error). */
    public static void error(Connection transaction, long loadId, String job, String target, String rule,
                             String subject, String message) throws SQLException {
        record(transaction, loadId, job, target, rule, ERROR, subject, message);
    }

    private static void record(Connection transaction, long loadId, String job, String target, String rule,
                               String severity, String subject, String message) throws SQLException {
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.quality"
                + " (load_id, job, target, rule, severity, subject, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, loadId);
            insert.setString(2, job);
            insert.setString(3, target);
            insert.setString(4, rule);
            insert.setString(5, severity);
            insert.setString(6, subject);
            insert.setString(7, message);
            insert.executeUpdate();
        }
    }
}
