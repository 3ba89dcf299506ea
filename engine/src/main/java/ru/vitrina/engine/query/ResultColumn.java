package ru.vitrina.engine.query;

import static java.util.Objects.requireNonNull;

/**
 * One column of an answer: the member it shows (its key, as in Cube: {@code budget.fact},
 * {@code budget.operation_date.month}) and how a person should read it.
 *
 * @param format one of {@code number}, {@code currency}, {@code percent}, {@code integer}, or null
 */
public record ResultColumn(String key, String title, String titleEn, ColumnType type, String unit, String format) {
    public ResultColumn {
        requireNonNull(key, "key");
        requireNonNull(title, "title");
        requireNonNull(type, "type");
    }
}
