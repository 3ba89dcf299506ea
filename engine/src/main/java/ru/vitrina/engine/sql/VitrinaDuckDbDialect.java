package ru.vitrina.engine.sql;

import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import ru.vitrina.engine.query.QueryException;

/**
 * Calcite's DuckDB dialect with the gaps that matter for analysts filled in:
 * <ul>
 *   <li>{@code FLOOR(x TO QUARTER)} (and every other unit) becomes {@code date_trunc('quarter', x)}; upstream throws
 *       an AssertionError for QUARTER;</li>
 *   <li>{@code CEIL(x TO unit)} becomes the next bucket start unless {@code x} already is one (upstream prints the
 *       ANSI form, which DuckDB cannot parse);</li>
 *   <li>row limits are written as {@code LIMIT n OFFSET m} (DuckDB has no {@code FETCH NEXT});</li>
 *   <li>string literals stay plain {@code '...'}: DuckDB strings are UTF-8 and know neither {@code _charset'...'}
 *       prefixes nor {@code U&'...'} escapes, which Calcite would print for Cyrillic text.</li>
 * </ul>
 * Weeks are DuckDB's: ISO 8601, starting on Monday, as in the JSON API.
 */
public final class VitrinaDuckDbDialect extends DuckDBSqlDialect {
    public static final VitrinaDuckDbDialect INSTANCE = new VitrinaDuckDbDialect();

    private VitrinaDuckDbDialect() {
        super(DEFAULT_CONTEXT);
    }

    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        if (call.getKind() == SqlKind.FLOOR && call.operandCount() == 2) {
            dateTrunc(writer, truncUnit(call.operand(1)), call.operand(0));
        } else if (call.getKind() == SqlKind.CEIL && call.operandCount() == 2) {
            ceil(writer, call);
        } else {
            super.unparseCall(writer, call, leftPrec, rightPrec);
        }
    }

    /** {@code CASE WHEN date_trunc(u, x) = x THEN date_trunc(u, x) ELSE date_trunc(u, x) + INTERVAL 'n unit' END}. */
    private static void ceil(SqlWriter writer, SqlCall call) {
        String unit = truncUnit(call.operand(1));
        SqlNode value = call.operand(0);
        SqlWriter.Frame frame = writer.startList("(", ")");
        writer.keyword("CASE WHEN");
        dateTrunc(writer, unit, value);
        writer.sep("=");
        value.unparse(writer, 0, 0);
        writer.keyword("THEN");
        dateTrunc(writer, unit, value);
        writer.keyword("ELSE");
        dateTrunc(writer, unit, value);
        writer.sep("+");
        writer.keyword("INTERVAL");
        writer.literal("'" + interval(unit) + "'");
        writer.keyword("END");
        writer.endList(frame);
    }

    private static void dateTrunc(SqlWriter writer, String unit, SqlNode value) {
        writer.print("date_trunc");
        SqlWriter.Frame frame = writer.startList("(", ")");
        writer.literal("'" + unit + "'");
        writer.sep(",", true);
        value.unparse(writer, 0, 0);
        writer.endList(frame);
    }

    private static String truncUnit(SqlNode unitNode) {
        TimeUnitRange unit = ((SqlLiteral) unitNode).getValueAs(TimeUnitRange.class);
        return switch (unit) {
            case MILLENNIUM -> "millennium";
            case CENTURY -> "century";
            case DECADE -> "decade";
            case YEAR -> "year";
            case ISOYEAR -> "isoyear";
            case QUARTER -> "quarter";
            case MONTH -> "month";
            case WEEK -> "week";
            case DAY -> "day";
            case HOUR -> "hour";
            case MINUTE -> "minute";
            case SECOND -> "second";
            case MILLISECOND -> "milliseconds";
            case MICROSECOND -> "microseconds";
            default -> throw QueryException.badRequest("Округление даты до «" + unit + "» не поддерживается",
                    "rounding a date to " + unit + " is not supported");
        };
    }

    private static String interval(String unit) {
        return switch (unit) {
            case "millennium" -> "1000 years";
            case "century" -> "100 years";
            case "decade" -> "10 years";
            case "year", "isoyear" -> "1 year";
            case "quarter" -> "3 months";
            case "month" -> "1 month";
            case "week" -> "7 days";
            case "day" -> "1 day";
            case "hour" -> "1 hour";
            case "minute" -> "1 minute";
            case "second" -> "1 second";
            case "milliseconds" -> "1 millisecond";
            default -> "1 microsecond";
        };
    }

    @Override
    public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch) {
        unparseFetchUsingLimit(writer, offset, fetch);
    }

    /**
     * {@code (VALUES (a), (b), ...) AS t (c)}, which DuckDB reads, rather than upstream's {@code SELECT a UNION ALL
     * SELECT b ...}: Calcite turns an IN list of 20 values or more into such a VALUES, and a chain of a few thousand
     * UNION ALLs overflows the stack of the SQL writer (analysts paste lists of thousands of INNs).
     */
    @Override
    public boolean supportsAliasedValues() {
        return true;
    }

    @Override
    public boolean supportsCharSet() {
        return false;
    }

    @Override
    public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
        buf.append('\'').append(val.replace("'", "''")).append('\'');
    }

    @Override
    public void quoteStringLiteralUnicode(StringBuilder buf, String val) {
        quoteStringLiteral(buf, null, val);
    }
}
