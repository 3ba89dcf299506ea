package ru.vitrina.indicators.passport;

import org.junit.jupiter.api.Test;
import ru.vitrina.indicators.target.Target;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped passports against the seed tables they were converted from, counted independently here. */
class PassportCatalogTest {
    private static final PassportCatalog CATALOG = new PassportReader().builtIn();
    private static final List<Map<String, String>> STRATEGY = SeedTables.read("stavropol-strategy-2022-2024.csv");
    private static final List<Map<String, String>> FIGURES = SeedTables.read("stavropol-project-and-tomsk-figures.csv");

    @Test
    void everySeedRowIsOnePassportAndTheSevenDuplicatesAreNotCountedTwice() {
        List<Map<String, String>> duplicates = STRATEGY.stream().filter(r -> !r.get("duplicate_of").isEmpty()).toList();
        assertThat(duplicates).hasSize(7);
        long seeded = CATALOG.passports().stream().filter(p -> !p.programme().equals("TO-SC")).count();
        assertThat(seeded).isEqualTo(STRATEGY.size() - 7 + FIGURES.size()).isEqualTo(183);
        for (Map<String, String> row : STRATEGY) {
            String code = row.get("duplicate_of").isEmpty() ? row.get("code") : row.get("duplicate_of");
            assertThat(CATALOG.find(code)).as(row.get("code")).isPresent();
        }
        for (Map<String, String> duplicate : duplicates) {
            assertThat(CATALOG.find(duplicate.get("code"))).as("duplicate row %s has no passport of its own", duplicate.get("code")).isEmpty();
            assertThat(CATALOG.find(duplicate.get("duplicate_of")).orElseThrow().alsoListed()).contains(duplicate.get("code"));
        }
        for (Map<String, String> row : FIGURES) {
            assertThat(CATALOG.find(row.get("code"))).as(row.get("code")).isPresent();
        }
    }

    @Test
    void countsBySectorEqualTheStrategyTableWithoutDuplicates() {
        Map<String, Long> expected = STRATEGY.stream().filter(r -> r.get("duplicate_of").isEmpty())
                .collect(Collectors.groupingBy(r -> r.get("sector"), TreeMap::new, Collectors.counting()));
        Map<String, Long> actual = CATALOG.passports().stream().filter(p -> p.programme().equals("SK-CT-2022"))
                .collect(Collectors.groupingBy(Passport::sector, TreeMap::new, Collectors.counting()));
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).containsEntry("GOV", 14L).containsEntry("EDU", 27L);
        for (Map.Entry<String, Long> sector : expected.entrySet()) {
            long filtered = CATALOG.search(null, sector.getKey(), "SK-CT-2022", null).size();
            assertThat(filtered).as(sector.getKey()).isEqualTo(sector.getValue());
        }
    }

    @Test
    void countsByProjectEqualTheStrategyTableCountingEveryListing() {
        Map<String, Long> expected = STRATEGY.stream().collect(Collectors.groupingBy(
                r -> String.format("SK-CT-%s-%02d", r.get("sector"), Integer.parseInt(r.get("project_no"))),
                TreeMap::new, Collectors.counting()));
        Map<String, Long> actual = new TreeMap<>();
        for (String project : expected.keySet()) {
            actual.put(project, (long) CATALOG.of(project).size());
            assertThat(CATALOG.project(project).orElseThrow().name().ru())
                    .isEqualTo(STRATEGY.stream().filter(r -> String.format("SK-CT-%s-%02d", r.get("sector"),
                            Integer.parseInt(r.get("project_no"))).equals(project)).findFirst().orElseThrow().get("project_ru"));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(CATALOG.of("GOV-01-1")).isEmpty();
        assertThat(CATALOG.find("GOV-01-1").orElseThrow().projects())
                .containsExactly("SK-CT-GOV-01", "SK-CT-GOV-03", "SK-CT-GOV-05", "SK-CT-GOV-08");
    }

    @Test
    void countsByKindOfTheSecondTableEqualItsRows() {
        Map<String, Long> expected = FIGURES.stream().collect(Collectors.groupingBy(r -> r.get("kind"), TreeMap::new, Collectors.counting()));
        Map<String, Long> actual = CATALOG.passports().stream().filter(p -> p.kind() != null)
                .collect(Collectors.groupingBy(Passport::kind, TreeMap::new, Collectors.counting()));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void passportsKeepTheSourceTargetsUnitsAndDirection() {
        for (Map<String, String> row : STRATEGY) {
            if (!row.get("duplicate_of").isEmpty()) {
                continue;
            }
            Passport passport = CATALOG.find(row.get("code")).orElseThrow();
            for (int year = 2022; year <= 2024; year++) {
                assertThat(passport.targets().forYear(year, null)).as(row.get("code") + " " + year)
                        .contains(Target.level(Double.parseDouble(row.get("target_" + year))));
            }
            assertThat(passport.responsible().ru()).isEqualTo(row.get("responsible_body_ru"));
            assertThat(passport.name().ru()).isEqualTo(row.get("name_ru"));
        }
        assertThat(CATALOG.find("SK-3").orElseThrow().direction()).isEqualTo(Direction.LOWER);
        assertThat(CATALOG.find("SK-5").orElseThrow().targets().forYear(2022, null)).contains(Target.UNDEFINED);
        assertThat(CATALOG.find("RF-NAT-4").orElseThrow().targets().forYear(2030, null))
                .contains(new Target(Target.Kind.MULTIPLE, 4, 2019));
        assertThat(CATALOG.find("TO-IMP-2").orElseThrow().targets().forYear(2027, null)).contains(Target.level(80));
        assertThat(CATALOG.find("HLT-01-1").orElseThrow().unit().ru()).isEqualTo("тыс. чел.");
        assertThat(CATALOG.find("HLT-01-1").orElseThrow().valueType()).as("287.66 thousand persons is no whole count")
                .isEqualTo(ValueType.AMOUNT);
        assertThat(CATALOG.find("FIN-04-1").orElseThrow().valueType()).isEqualTo(ValueType.FLAG);
    }

    @Test
    void theRegionalProjectsIndicatorsNameTheSourceTheirPassportNames() {
        // Form 5 of the project passport names where each figure comes from; the seed table keeps it in its note.
        for (Map<String, String> row : FIGURES) {
            String note = row.get("note");
            if (!row.get("code").startsWith("SK-") || !note.contains("ource")) {
                continue;
            }
            Passport passport = CATALOG.find(row.get("code")).orElseThrow();
            assertThat(passport.source()).as(row.get("code")).isNotNull();
            String source = passport.source().ru();
            assertThat(source.contains("Росстат")).as(row.get("code") + ": " + source).isEqualTo(note.contains("Росстат"));
            assertThat(source.contains("в сфере информационных технологий и связи")).as(row.get("code") + ": " + source)
                    .isEqualTo(note.contains("IT"));
        }
        assertThat(CATALOG.find("SK-1").orElseThrow().source().ru()).isEqualTo("Росстат");
    }

    @Test
    void searchFindsByWordsOfTheNameAndFiltersByResponsibleBody() {
        assertThat(CATALOG.search("безработицы", null, null, null)).extracting(Passport::code).containsExactly("TO-LAB-1");
        assertThat(CATALOG.search("unemployment rate", null, null, null)).extracting(Passport::code).containsExactly("TO-LAB-1");
        long health = STRATEGY.stream().filter(r -> r.get("responsible_body_ru").contains("здравоохранения")).count();
        assertThat(CATALOG.search(null, null, "SK-CT-2022", "министерство здравоохранения")).hasSize((int) health);
    }

    @Test
    void aPassportFileWithAnUnknownProjectStopsTheStartNamingTheIndicator() {
        String file = "programmes: [{code: P, kind: strategy, name: P, projects: [{code: P1, name: p}]}]\n"
                + "indicators: [{code: X-1, name: x, unit: '%', programme: P, projects: [P2]}]\n";
        assertThatThrownBy(() -> new PassportReader().read(Map.of("bad.yaml", file), Tolerance.DEFAULT))
                .hasMessageContaining("X-1").hasMessageContaining("unknown project P2");
        String target = "programmes: [{code: P, kind: strategy, name: P, projects: []}]\n"
                + "indicators: [{code: X-2, name: x, unit: '%', programme: P, targets: {2024: 'около 5'}}]\n";
        assertThatThrownBy(() -> new PassportReader().read(Map.of("bad.yaml", target), Tolerance.DEFAULT))
                .hasMessageContaining("bad.yaml, X-2").hasMessageContaining("около 5");
    }

    @Test
    void aTargetEntryCouldNeverReachStopsTheStart() {
        String fractionalCount = "programmes: [{code: P, kind: strategy, name: P, projects: []}]\n"
                + "indicators: [{code: X-3, name: x, unit: тыс. чел., value_type: count, programme: P, targets: {2022: 287.66}}]\n";
        assertThatThrownBy(() -> new PassportReader().read(Map.of("bad.yaml", fractionalCount), Tolerance.DEFAULT))
                .hasMessageContaining("bad.yaml, X-3").hasMessageContaining("287.66").hasMessageContaining("value_type amount");
        String outOfRange = "programmes: [{code: P, kind: strategy, name: P, projects: []}]\n"
                + "indicators: [{code: X-4, name: x, unit: '%', range: {min: 0, max: 100}, programme: P, target: не менее 120}]\n";
        assertThatThrownBy(() -> new PassportReader().read(Map.of("bad.yaml", outOfRange), Tolerance.DEFAULT))
                .hasMessageContaining("X-4").hasMessageContaining("outside the range [0; 100]");
    }
}
