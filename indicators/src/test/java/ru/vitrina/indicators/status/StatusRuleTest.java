package ru.vitrina.indicators.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ru.vitrina.indicators.passport.Passport;
import ru.vitrina.indicators.passport.PassportReader;
import ru.vitrina.indicators.passport.Tolerance;
import ru.vitrina.indicators.period.Period;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The status rules on the hand-computed cases of status-cases.yaml. */
class StatusRuleTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    @TestFactory
    List<DynamicTest> statuses() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases().path("cases")) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                Passport passport = passport(c.path("passport"));
                Period period = Period.parse(c.path("period").asText());
                String territory = c.path("territory").asText("69000000");
                JsonNode years = c.path("years");
                PeriodTarget target = StatusRule.targetFor(passport, period, territory,
                        year -> years.has(Integer.toString(year)) ? years.get(Integer.toString(year)).asDouble() : null);
                Double value = c.path("value").isNull() ? null : c.path("value").asDouble();
                Assessment assessment = StatusRule.assess(passport, value, target);
                assertThat(assessment.status().key()).as(assessment.reasonRu()).isEqualTo(c.path("status").asText());
                if (c.has("reason_en")) {
                    assertThat(assessment.reasonEn()).isEqualTo(c.path("reason_en").asText());
                }
                if (c.path("target").isNull()) {
                    assertThat(target.target().defined()).isFalse();
                } else {
                    assertThat(target.target().value()).isCloseTo(c.path("target").asDouble(), within(1e-9));
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(30);
        return tests;
    }

    @TestFactory
    List<DynamicTest> freshness() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases().path("freshness")) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                Passport passport = passport(c.path("passport"));
                Period latest = c.path("latest").isNull() ? null : Period.parse(c.path("latest").asText());
                Freshness freshness = Freshness.of(passport, latest, TODAY);
                assertThat(freshness.next()).hasToString(c.path("next").asText());
                assertThat(freshness.due()).isEqualTo(LocalDate.parse(c.path("due").asText()));
                assertThat(freshness.overdue()).isEqualTo(c.path("overdue").asBoolean());
            }));
        }
        return tests;
    }

    private static JsonNode cases() throws IOException {
        try (InputStream in = StatusRuleTest.class.getResourceAsStream("status-cases.yaml")) {
            return YAML.readTree(in);
        }
    }

    /** A one-indicator passport file around the fields a case sets. */
    private static Passport passport(JsonNode fields) throws IOException {
        ObjectNode indicator = YAML.createObjectNode();
        indicator.put("code", "CASE").put("name", "case").put("unit", "%").put("programme", "P");
        indicator.setAll((ObjectNode) fields);
        ObjectNode file = YAML.createObjectNode();
        file.putArray("programmes").addObject().put("code", "P").put("kind", "strategy").put("name", "P").putArray("projects");
        file.putArray("indicators").add(indicator);
        return new PassportReader().read(Map.of("case.yaml", YAML.writeValueAsString(file)), Tolerance.DEFAULT)
                .find("CASE").orElseThrow();
    }
}
