package ru.vitrina.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ru.vitrina.cubes.load.CubeFiles;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The battery of bad queries in bad-queries.yaml: each is a 400 whose message names the problem. */
class QueryParserBadInputTest {
    private final QueryParser parser = new QueryParser(new CubeFiles().builtIn(),
            new DateRangeParser(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC)));

    @TestFactory
    Stream<DynamicTest> everyBadQueryIsRefusedWithItsReason() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("bad-queries.yaml")) {
            cases = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertThat(cases.size()).isGreaterThan(30);
        return StreamSupport.stream(cases.spliterator(), false).map(item -> DynamicTest.dynamicTest(item.get("name").asText(), () -> {
            QueryException error = catchThrowableOfType(QueryException.class,
                    () -> parser.parse(item.get("query"), QueryLimits.DEFAULTS));
            assertThat(error).as("query %s must be refused", item.get("query")).isNotNull();
            assertThat(error.status()).isEqualTo(400);
            item.get("expect").forEach(fragment -> assertThat(error.getMessage()).contains(fragment.asText()));
            assertThat(error.getMessage()).as("Russian first, then English").contains(" / ");
        }));
    }
}
