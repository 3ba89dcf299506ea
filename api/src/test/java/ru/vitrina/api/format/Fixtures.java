package ru.vitrina.api.format;

import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.store.DataVersion;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/** The sample answer every format test writes: the awkward cases in a few rows. */
final class Fixtures {
    static final DataVersion VERSION = new DataVersion(42, LocalDateTime.of(2024, 4, 1, 9, 15, 0), "ingest");
    static final Clock CLOCK = Clock.fixed(
            LocalDateTime.of(2024, 4, 2, 10, 30, 5).atZone(ZoneId.of("Europe/Moscow")).toInstant(),
            ZoneId.of("Europe/Moscow"));

    static final List<ResultColumn> COLUMNS = List.of(
            new ResultColumn("budget.region", "Район", "District", ColumnType.STRING, null, null),
            new ResultColumn("budget.oktmo", "ОКТМО", "OKTMO", ColumnType.STRING, null, null),
            new ResultColumn("budget.operation_date.month", "Дата операции (месяц)", "Operation date (month)",
                    ColumnType.TIME, null, null),
            new ResultColumn("budget.loaded_at", "Загружено", "Loaded at", ColumnType.TIME, null, null),
            new ResultColumn("budget.fact", "Исполнено", "Actual", ColumnType.NUMBER, "руб.", "currency"),
            new ResultColumn("budget.execution", "Исполнение", "Execution", ColumnType.NUMBER, "%", "percent"),
            new ResultColumn("budget.operations", "Число операций", "Operations", ColumnType.NUMBER, null, "integer"),
            new ResultColumn("budget.is_final", "Окончательные", "Final", ColumnType.BOOLEAN, null, null));

    /**
     * Russian text, quotes, semicolons, commas and line breaks in text; text Excel would run as a
     * formula or turn into a number; a 20-digit decimal; negatives; NaN; nulls in every column;
     * DATE and TIMESTAMP values with and without a time of day.
     */
    static final String SQL = """
            SELECT region, oktmo, month, loaded_at, fact, execution, operations, is_final
            FROM (VALUES
              (1, 'Москва', '04701000', DATE '2024-01-01', TIMESTAMP '2024-01-31 14:30:00',
                  123456789012345678.91::DECIMAL(38, 2), 71.3::DOUBLE, 42::BIGINT, true),
              (2, 'ООО "Ромашка"; филиал, г. Тверь', '18210102010011000110', DATE '2024-02-01',
                  TIMESTAMP '2024-02-29 00:00:00', -1234.50::DECIMAL(38, 2), -0.5::DOUBLE, -7::BIGINT, false),
              (3, E'Строка 1\\nСтрока 2', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (4, '=СУММ(A1:A2)', '', DATE '1999-12-31', TIMESTAMP '2023-12-31 23:59:59.25',
                  0.00::DECIMAL(38, 2), 100::DOUBLE, 0::BIGINT, NULL),
              (5, '- в том числе: налоги', '  КБК 000 ', DATE '2024-03-01', TIMESTAMP '2024-03-01 00:00:00',
                  0.01::DECIMAL(38, 2), 'NaN'::DOUBLE, 9007199254740993::BIGINT, true)
            ) AS t(n, region, oktmo, month, loaded_at, fact, execution, operations, is_final)
            ORDER BY n
            """;

    private Fixtures() {
    }
}
