package ru.vitrina.ingest.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Warns where a budget line's cash execution exceeds 1.5 × its allocations in a year: legal only by mistake
 * (a wrong КБК, a doubled payment order), so worth a look, but not a reason to hold the rows back. A line is
 * the full КБК of one budget (ОКТМО × ГРБС × РзПр × ЦСР × ВР); only lines the load touched are checked, over
 * all of their rows in the store.
 */
public final class FactAbovePlanRule {
    public static final String RULE = "fact_above_plan";
    public static final double RATIO = 1.5;

    /**
     * @param touched a table of the transaction with the touched rows' columns oktmo, administrator_code,
     *                subsection_code, target_article, expense_type, operation_date (a trusted name)
     * @return findings written to meta.quality
     */
    public int check(Connection transaction, long loadId, String job, String touched) throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE quality_lines AS SELECT DISTINCT oktmo, administrator_code,"
                    + " subsection_code, target_article, expense_type, year(operation_date) AS budget_year FROM " + touched);
        }
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.quality"
                + " (load_id, job, target, rule, severity, subject, message)"
                + " SELECT ?, ?, 'budget.execution', ?, 'warning',"
                + " 'ОКТМО ' || x.oktmo || ', КБК ' || x.administrator_code || ' ' || x.subsection_code || ' '"
                + "   || x.target_article || ' ' || x.expense_type || ', ' || year(x.operation_date),"
                + " 'Кассовое исполнение ' || CAST(sum(x.fact_amount) AS VARCHAR) || ' превышает 1,5 × план '"
                + "   || CAST(sum(x.plan_amount) AS VARCHAR) || ' / cash execution ' || CAST(sum(x.fact_amount) AS VARCHAR)"
                + "   || ' above 1.5 × plan ' || CAST(sum(x.plan_amount) AS VARCHAR)"
                + " FROM budget.execution x JOIN quality_lines q ON q.oktmo = x.oktmo"
                + "  AND q.administrator_code = x.administrator_code AND q.subsection_code = x.subsection_code"
                + "  AND q.target_article = x.target_article AND q.expense_type = x.expense_type"
                + "  AND q.budget_year = year(x.operation_date)"
                + " GROUP BY x.oktmo, x.administrator_code, x.subsection_code, x.target_article, x.expense_type, year(x.operation_date)"
                + " HAVING sum(x.fact_amount) > " + RATIO + " * sum(x.plan_amount)"
                + " ORDER BY 6")) {
            insert.setLong(1, loadId);
            insert.setString(2, job);
            insert.setString(3, RULE);
            int findings = insert.executeUpdate();
            try (Statement statement = transaction.createStatement()) {
                statement.execute("DROP TABLE quality_lines");
            }
            return findings;
        }
    }
}
