package ru.vitrina.ingest.budget;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * The months of {@code budget.execution} a budget load changes, so that the rollups recompute those alone: the
 * months of the rows it inserts or updates (their new dates, from the stage) and of the stored rows it updates or
 * deletes (their old dates: an update may move an operation to another month, and reconciliation deletes what the
 * extract lacks). Read in the load's transaction after {@link BudgetStage} compared the extract with the store and
 * before it writes; the stored rows are read only when the load updates or deletes some, by the same conditions as
 * its own DELETEs.
 */
final class TouchedMonths {
    static final String COLUMN = "operation_date";

    private TouchedMonths() {
    }

    /**
     * @param updates   whether the load rewrites stored rows (budget_apply has rows {@code changed})
     * @param reconcile whether it deletes the stored rows missing from the extract
     */
    static Set<LocalDate> of(Connection transaction, boolean updates, boolean reconcile) throws SQLException {
        StringBuilder dates = new StringBuilder("SELECT operation_date FROM budget_apply");
        if (updates) {
            dates.append(" UNION ALL SELECT operation_date FROM ").append(BudgetStage.TARGET)
                    .append(" WHERE operation_id IN (SELECT operation_id FROM budget_apply WHERE changed)");
        }
        if (reconcile) {
            dates.append(" UNION ALL SELECT x.operation_date FROM ").append(BudgetStage.TARGET)
                    .append(" x WHERE ").append(BudgetStage.MISSING_FROM_EXTRACT);
        }
        Set<LocalDate> months = new HashSet<>();
        try (Statement statement = transaction.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT CAST(date_trunc('month', operation_date) AS DATE) FROM (" + dates + ")")) {
            while (rows.next()) {
                months.add(rows.getObject(1, LocalDate.class));
            }
        }
        return months;
    }
}
