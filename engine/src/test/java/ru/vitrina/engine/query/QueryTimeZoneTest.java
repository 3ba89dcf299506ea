package ru.vitrina.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import ru.vitrina.cubes.load.CubeFiles;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A query's {@code timezone}: the time dimensions are calendar dates without a zone, so only UTC, Cube's default that
 * leaves them as stored, is accepted, and it changes nothing; any other zone is refused, never silently not applied
 * (bad-queries.yaml holds the refusals' wording).
 */
class QueryTimeZoneTest {
    private static final String QUERY = "{\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\":"
            + " \"budget.operation_date\", \"granularity\": \"month\", \"dateRange\": [\"2024-01-01\", \"2024-12-31\"]}]%s}";

    private final ObjectMapper json = new ObjectMapper();
    private final QueryParser parser = new QueryParser(new CubeFiles().builtIn(),
            new DateRangeParser(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC)));

    @Test
    void utcUnderAnyOfItsNamesIsTheQueryWithoutAZone() throws Exception {
        CubeQuery plain = parse("");
        for (String utc : List.of("UTC", "Etc/UTC", "GMT", "Z", "+00:00")) {
            assertThat(parse(", \"timezone\": \"" + utc + "\"")).as(utc).isEqualTo(plain);
        }
    }

    @Test
    void aZoneThatWouldShiftTimestampsIsRefusedForDatesItCannotShift() {
        for (String zone : List.of("Asia/Tomsk", "Europe/Moscow", "America/Los_Angeles", "+07:00")) {
            QueryException refused = catchThrowableOfType(QueryException.class, () -> parse(", \"timezone\": \"" + zone + "\""));
            assertThat(refused).as(zone).isNotNull();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.getMessage()).contains("календарные даты без часового пояса").contains("leave the field out or send UTC");
        }
    }

    private CubeQuery parse(String extra) throws Exception {
        JsonNode query = json.readTree(QUERY.formatted(extra));
        return parser.parse(query, QueryLimits.DEFAULTS);
    }
}
