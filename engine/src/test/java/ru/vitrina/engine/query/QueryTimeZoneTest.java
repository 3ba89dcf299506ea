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
 * A query's {@code timezone}: the time dimensions are calendar dates, which no zone moves into another day, so a query
 * in any zone is the query without one; a name that is no zone is refused (bad-queries.yaml holds its wording).
 */
class QueryTimeZoneTest {
    private static final String QUERY = "{\"measures\": [\"budget.fact\"], \"timeDimensions\": [{\"dimension\":"
            + " \"budget.operation_date\", \"granularity\": \"month\", \"dateRange\": [\"2024-01-01\", \"2024-12-31\"]}]%s}";

    private final ObjectMapper json = new ObjectMapper();
    private final QueryParser parser = new QueryParser(new CubeFiles().builtIn(),
            new DateRangeParser(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC)));

    @Test
    void aQueryInAnyZoneIsTheQueryWithoutOne() throws Exception {
        CubeQuery plain = parse("");
        for (String zone : List.of("UTC", "Etc/UTC", "Z", "Asia/Tomsk", "Europe/Moscow", "+07:00")) {
            assertThat(parse(", \"timezone\": \"" + zone + "\"")).as(zone).isEqualTo(plain);
        }
    }

    @Test
    void aNameThatIsNoZoneIsRefused() {
        QueryException refused = catchThrowableOfType(QueryException.class, () -> parse(", \"timezone\": \"Asia/Tomks\""));
        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("неизвестный часовой пояс «Asia/Tomks»");
    }

    private CubeQuery parse(String extra) throws Exception {
        JsonNode query = json.readTree(QUERY.formatted(extra));
        return parser.parse(query, QueryLimits.DEFAULTS);
    }
}
