package ru.vitrina.ingest.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The data-quality findings of one load (meta.quality). */
public final class QualityReport {
    public record Finding(String target, String rule, String severity, String subject, String message) {
    }

    public List<Finding> findings(Connection connection, long loadId) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT target, rule, severity, subject, message"
                + " FROM meta.quality WHERE load_id = ? ORDER BY severity DESC, rule, subject")) {
            select.setLong(1, loadId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    findings.add(new Finding(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5)));
                }
            }
        }
        return findings;
    }
}
