package ru.vitrina.indicators.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ru.vitrina.indicators.DemoStore;
import ru.vitrina.indicators.IndicatorException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The battery of bad entries in bad-entries.yaml against a real store. */
class BadEntryTest {
    private static DemoStore demo;

    @BeforeAll
    static void open() {
        demo = DemoStore.open();
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    @TestFactory
    List<DynamicTest> badEntries() throws IOException {
        JsonNode cases;
        try (InputStream in = BadEntryTest.class.getResourceAsStream("bad-entries.yaml")) {
            cases = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        CollectionService collection = demo.service().collection();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                EntryRequest request = new EntryRequest(c.path("value"), c.path("unit").asText(null), null, null);
                IndicatorException error = catchThrowableOfType(IndicatorException.class, () -> collection.save(
                        People.BY_NAME.get(c.path("who").asText()),
                        collection.key(c.path("code").asText(), c.path("period").asText(), c.path("territory").asText()),
                        request));
                if (c.path("status").asInt() == 200) {
                    assertThat(error).isNull();
                } else {
                    assertThat(error).as("refused").isNotNull();
                    assertThat(error.status()).as(error.getMessage()).isEqualTo(c.path("status").asInt());
                    assertThat(error.getMessage()).contains(c.path("message").asText()).contains(" / ");
                }
            }));
        }
        return tests;
    }
}
