package ru.vitrina.indicators.monitoring;

import com.fasterxml.jackson.databind.node.DoubleNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;
import ru.vitrina.indicators.DemoStore;
import ru.vitrina.indicators.IndicatorException;
import ru.vitrina.indicators.collection.CollectionService;
import ru.vitrina.indicators.collection.Entry;
import ru.vitrina.indicators.collection.EntryKey;
import ru.vitrina.indicators.collection.EntryRequest;
import ru.vitrina.indicators.collection.EntryStore;
import ru.vitrina.indicators.passport.PassportReader;
import ru.vitrina.indicators.status.Status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Facts from the cubes, ratings and programme statuses against hand-written SQL on the same DuckDB file. */
class MonitoringTest {
    private static final Principal OFFICER = new Principal("ivanova", Set.of(Role.DATA_OFFICER), Set.of(), Set.of("TO-MFC-9"));
    private static final Principal READER = new Principal("analyst", Set.of(Role.ANALYST), Set.of(), Set.of());
    /** Колпашевский район only. */
    private static final Principal MUNICIPAL = new Principal("kolpashevo", Set.of(Role.MUNICIPAL_OFFICER), Set.of("69604000"), Set.of());
    private static final Principal ADMINISTRATOR = new Principal("petrov", Set.of(Role.ADMINISTRATOR), Set.of(), Set.of());
    private static DemoStore demo;
    private static IndicatorService service;

    @BeforeAll
    static void open() {
        demo = DemoStore.open();
        service = demo.service();
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    @Test
    void cumulativeBudgetExecutionIsYearToDateAgainstNineTwelfthsOfTheTarget() throws SQLException {
        SeriesPoint september = service.series("TO-BUD-1", null, "2025-09", "2025-09", READER).get(0);
        double expected = sql("SELECT 0, round(100.0 * sum(fact_amount) / NULLIF(sum(plan_amount), 0), 2) FROM budget.execution "
                + "WHERE operation_date BETWEEN DATE '2025-01-01' AND DATE '2025-09-30'").get(0)[1];
        assertThat(september.value()).isCloseTo(expected, within(1e-9));
        assertThat(september.target().target().value()).isCloseTo(95 * 9 / 12.0, within(1e-9));
        SeriesPoint tomsk = service.series("TO-BUD-1", "69701000", "2025-09", "2025-09", READER).get(0);
        double tomskExpected = sql("SELECT 0, round(100.0 * sum(fact_amount) / NULLIF(sum(plan_amount), 0), 2) FROM budget.execution "
                + "WHERE operation_date BETWEEN DATE '2025-01-01' AND DATE '2025-09-30' AND municipality_oktmo = '69701000'").get(0)[1];
        assertThat(tomsk.value()).isCloseTo(tomskExpected, within(1e-9));
    }

    @Test
    void unemploymentRatingsFollowHandSqlLowestFirst() throws SQLException {
        Rating rating = service.ratings("TO-LAB-1", "2025-06", READER);
        List<double[]> expected = sql("SELECT oktmo, round(100.0 * sum(registered_unemployed) / NULLIF(sum(labour_force), 0), 2) AS r "
                + "FROM labour.market WHERE report_month = DATE '2025-06-01' GROUP BY oktmo ORDER BY r ASC, oktmo");
        assertThat(expected).hasSizeGreaterThan(10);
        List<Rating.Place> ranked = rating.places().stream().filter(p -> p.value() != null).toList();
        assertThat(ranked).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(Double.parseDouble(ranked.get(i).territory())).isEqualTo(expected.get(i)[0]);
            assertThat(ranked.get(i).value()).isCloseTo(expected.get(i)[1], within(1e-9));
        }
        assertThat(ranked.get(0).rank()).isEqualTo(1);
        assertThat(rating.regionValue()).isCloseTo(sql("SELECT 0, round(100.0 * sum(registered_unemployed) / "
                + "NULLIF(sum(labour_force), 0), 2) FROM labour.market WHERE report_month = DATE '2025-06-01'").get(0)[1], within(1e-9));
    }

    @Test
    void aMunicipalOfficersRatingRanksTheirOwnFormationOnlyWithoutTheRegionsValue() {
        Rating everyone = service.ratings("TO-LAB-1", "2025-06", READER);
        Rating.Place own = everyone.places().stream().filter(p -> p.territory().equals("69604000")).findFirst().orElseThrow();
        assertThat(own.value()).isNotNull();
        assertThat(everyone.places()).hasSizeGreaterThan(10);

        Rating theirs = service.ratings("TO-LAB-1", "2025-06", MUNICIPAL);
        assertThat(theirs.places()).extracting(Rating.Place::territory, Rating.Place::rank, Rating.Place::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("69604000", 1, own.value()));
        assertThat(theirs.regionValue()).as("the region's figure aggregates other municipalities' rows").isNull();
        assertThat(service.ratings("TO-PRC-2", "2025-03", MUNICIPAL).places()).extracting(Rating.Place::territory)
                .containsExactly("69604000");
        assertThat(service.ratings("TO-MFC-9", "2025", MUNICIPAL).places()).as("entered indicators alike")
                .extracting(Rating.Place::territory).containsExactly("69604000");
    }

    @Test
    void aMunicipalOfficerReadsTheSeriesOfTheirOwnFormationOnly() {
        SeriesPoint everyone = service.series("TO-BUD-1", "69604000", "2025-09", "2025-09", READER).get(0);
        assertThat(everyone.value()).isNotNull();
        assertThat(service.series("TO-BUD-1", "69604000", "2025-09", "2025-09", MUNICIPAL).get(0).value()).isEqualTo(everyone.value());
        assertThat(service.series("TO-BUD-1", null, "2025-09", "2025-09", MUNICIPAL).get(0).value())
                .as("without a territory, their own").isEqualTo(everyone.value());
        for (String other : List.of("69701000", "69000000")) {
            IndicatorException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> service.series("TO-BUD-1", other, "2025-09", "2025-09", MUNICIPAL), IndicatorException.class);
            assertThat(refused.status()).as(other).isEqualTo(403);
            assertThat(refused.getMessage()).contains("is not yours");
        }
        assertThat(service.status("TO-LAB-1", READER).latest().value()).isNotNull();
        assertThat(service.status("TO-LAB-1", MUNICIPAL).latest().value()).as("the region's figure is not theirs").isNull();
    }

    @Test
    void smallBusinessShareIsARatioOfTwoMeasuresHighestFirst() throws SQLException {
        Rating rating = service.ratings("TO-PRC-2", "2025-03", READER);
        List<double[]> expected = sql("SELECT oktmo, 100.0 * sum(contract_price) FILTER (WHERE supplier_is_smb) / sum(contract_price) AS r "
                + "FROM procurement.contract WHERE sign_date BETWEEN DATE '2025-03-01' AND DATE '2025-03-31' "
                + "GROUP BY oktmo HAVING sum(contract_price) FILTER (WHERE supplier_is_smb) IS NOT NULL ORDER BY r DESC, oktmo");
        List<Rating.Place> ranked = rating.places().stream().filter(p -> p.value() != null).toList();
        assertThat(ranked).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(Double.parseDouble(ranked.get(i).territory())).isEqualTo(expected.get(i)[0]);
            assertThat(ranked.get(i).value()).isCloseTo(expected.get(i)[1], within(1e-6));
        }
    }

    @Test
    void enteredRatingsShareRanksOnTiesAndListFormationsWithoutValuesLast() {
        CollectionService collection = service.collection();
        approve(collection, "69701000", 90);
        approve(collection, "69604000", 95);
        approve(collection, "69710000", 95);
        Rating rating = service.ratings("TO-MFC-9", "2025", READER);
        assertThat(rating.places().subList(0, 3)).extracting(Rating.Place::territory, Rating.Place::rank, Rating.Place::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("69604000", 1, 95.0),
                        org.assertj.core.groups.Tuple.tuple("69710000", 1, 95.0),
                        org.assertj.core.groups.Tuple.tuple("69701000", 3, 90.0));
        assertThat(rating.places().subList(3, rating.places().size())).allSatisfy(place -> {
            assertThat(place.rank()).isNull();
            assertThat(place.assessment().status()).isEqualTo(Status.NO_DATA);
        });
        assertThat(rating.places()).hasSize(service.territories().read().municipalities().size());
    }

    @Test
    void multipleTargetReadsItsBaseYearFromTheCube() throws SQLException {
        SeriesPoint point = service.series("TO-HLT-1", null, "2025-12", "2025-12", READER).get(0);
        double base = sql("SELECT 0, round(10000.0 * sum(doctors) / NULLIF(sum(population), 0), 1) FROM health.resources "
                + "WHERE report_month = DATE '2023-12-01'").get(0)[1];
        assertThat(point.target().target().value()).isCloseTo(base * 1.02, within(1e-9));
    }

    @Test
    void currentStatusTakesTheLatestMonthWithDataAndKnowsWhenTheNextIsDue() {
        IndicatorStatus unemployment = service.status("TO-LAB-1", READER);
        assertThat(unemployment.latest().period()).hasToString("2026-10");
        assertThat(unemployment.freshness().due()).isEqualTo(LocalDate.of(2026, 12, 20));
        assertThat(unemployment.freshness().overdue()).isFalse();
        IndicatorStatus never = service.status("SK-2", READER);
        assertThat(never.latest().assessment().status()).isEqualTo(Status.NO_DATA);
        assertThat(never.freshness().overdue()).isTrue();
    }

    @Test
    void aYearToDateIndicatorIsNowItsLastMonthWithFactsOfItsOwn() {
        // The demo's facts end in October: November has a year-to-date figure (January–October) but no facts of its
        // own, and held against 11/12 of the target it read «off track» before the month was even over.
        IndicatorStatus execution = service.status("TO-BUD-1", READER);
        assertThat(execution.latest().period()).hasToString("2026-10");
        assertThat(execution.latest().target().target().value()).isCloseTo(97 * 10 / 12.0, within(1e-9));
        assertThat(execution.freshness().due()).isEqualTo(LocalDate.of(2026, 12, 20));
    }

    @Test
    void aMonthNotOverYetIsNotTheCurrentStatusEvenWithFacts() {
        // On 15 October the October facts are partial: the status stays September's, as data entry refuses October.
        Clock midOctober = Clock.fixed(java.time.Instant.parse("2026-10-15T09:00:00Z"), java.time.ZoneId.of("Asia/Tomsk"));
        IndicatorService earlier = new IndicatorService(new PassportReader().builtIn(), demo.engine(),
                new EntryStore(demo.store()), midOctober);
        assertThat(service.series("TO-LAB-1", null, "2026-10", "2026-10", READER).get(0).value()).as("October has facts").isNotNull();
        assertThat(earlier.status("TO-LAB-1", READER).latest().period()).hasToString("2026-09");
        assertThat(earlier.status("TO-BUD-1", READER).latest().period()).hasToString("2026-09");
    }

    @Test
    void programmeStatusCountsEveryIndicatorOnce() {
        Map<String, IndicatorStatus> statuses = service.statuses(READER);
        Map<String, ProgrammeStatus> programmes = service.programmeStatuses(statuses);
        ProgrammeStatus strategy = programmes.get("SK-CT-2022");
        assertThat(strategy.indicators()).isEqualTo(90);
        assertThat(strategy.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(90);
        ProgrammeStatus cubes = programmes.get("TO-SC");
        assertThat(cubes.indicators()).isEqualTo(7);
        long withData = statuses.values().stream().filter(s -> s.passport().programme().equals("TO-SC"))
                .filter(s -> s.latest().assessment().status() != Status.NO_DATA).count();
        assertThat(cubes.indicators() - cubes.counts().get(Status.NO_DATA)).isEqualTo((int) withData).isGreaterThanOrEqualTo(5);
        assertThat(programmes.get("SK-CT-GOV-05").indicators()).isEqualTo(8);
    }

    private static void approve(CollectionService collection, String territory, double value) {
        EntryKey key = collection.key("TO-MFC-9", "2025", territory);
        Entry saved = collection.save(OFFICER, key, new EntryRequest(DoubleNode.valueOf(value), "%", null, 0));
        Entry submitted = collection.submit(OFFICER, key, saved.version());
        collection.approve(ADMINISTRATOR, key, submitted.version());
    }

    /** Rows of two numeric columns. */
    private static List<double[]> sql(String sql) throws SQLException {
        List<double[]> rows = new ArrayList<>();
        try (Connection connection = demo.store().connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new double[] {result.getDouble(1), result.getDouble(2)});
            }
        }
        return rows;
    }

}
