package ru.vitrina.engine.query;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DateRangeParserTest {
    // A Wednesday.
    private final DateRangeParser parser = new DateRangeParser(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({
            "today, 2026-11-25T00:00, 2026-11-26T00:00",
            "yesterday, 2026-11-24T00:00, 2026-11-25T00:00",
            "this week, 2026-11-23T00:00, 2026-11-30T00:00",
            "last week, 2026-11-16T00:00, 2026-11-23T00:00",
            "this month, 2026-11-01T00:00, 2026-12-01T00:00",
            "last month, 2026-10-01T00:00, 2026-11-01T00:00",
            "this quarter, 2026-10-01T00:00, 2027-01-01T00:00",
            "last quarter, 2026-07-01T00:00, 2026-10-01T00:00",
            "this year, 2026-01-01T00:00, 2027-01-01T00:00",
            "last year, 2025-01-01T00:00, 2026-01-01T00:00",
            "last 7 days, 2026-11-19T00:00, 2026-11-26T00:00",
            "last 2 quarters, 2026-05-26T00:00, 2026-11-26T00:00",
            "last 100 years, 1926-11-26T00:00, 2026-11-26T00:00",
            "from 2024-01-01 to 2024-03-31, 2024-01-01T00:00, 2024-04-01T00:00",
    })
    void relativeRanges(String phrase, String from, String to) {
        DateRange range = parser.parse(phrase);
        assertThat(range.from()).isEqualTo(LocalDateTime.parse(from));
        assertThat(range.toExclusive()).isEqualTo(LocalDateTime.parse(to));
    }

    @ParameterizedTest
    @CsvSource({
            "2024-01-01, 2024-12-31, 2024-01-01T00:00, 2025-01-01T00:00",
            "2024-01-01T00:00:00.000, 2024-01-31T23:59:59.999, 2024-01-01T00:00, 2024-02-01T00:00",
    })
    void absoluteRangesIncludeTheirLastDayOrMillisecond(String from, String to, String expectedFrom, String expectedTo) {
        DateRange range = parser.parse(List.of(from, to));
        assertThat(range.from()).isEqualTo(LocalDateTime.parse(expectedFrom));
        assertThat(range.toExclusive()).isEqualTo(LocalDateTime.parse(expectedTo));
    }
}
