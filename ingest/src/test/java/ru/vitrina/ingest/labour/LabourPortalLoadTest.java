package ru.vitrina.ingest.labour;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.labour.LabourPortalSimulator.Demo;
import ru.vitrina.ingest.labour.LabourPortalSimulator.Faults;
import ru.vitrina.ingest.labour.LabourPortalSimulator.Unemployment;
import ru.vitrina.ingest.labour.LabourPortalSimulator.Vacancy;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.population.TestLoad;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabourPortalLoadTest {
    private static final YearMonth MONTH = YearMonth.of(2024, 3);
    private static Demo demo;

    @AutoClose
    private final Store store = TestLoad.withReferenceData(Store.inMemory());

    @BeforeAll
    static void demoMarket() {
        demo = LabourPortalSimulator.demo(17, MONTH, MONTH);
    }

    /** Fast retries and a short timeout, so fault tests take a second, not minutes. */
    private static LabourPortalLoad load(LabourPortalSimulator portal) {
        return new LabourPortalLoad(portal.baseUri(), LabourPortalSimulator.REGION,
                new LabourPortalLoad.Settings(100, 4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(500), 1_000));
    }

    private List<String> table() throws Exception {
        return TestLoad.strings(store, "SELECT concat_ws('|', report_month, oktmo, okved_section, registered_unemployed,"
                + " labour_force, vacancies, offered_salary_total) FROM labour.market ORDER BY 1");
    }

    private static List<String> expected() {
        return demo.market().stream().map(r -> String.join("|", r.month().atDay(1).toString(), r.oktmo(), r.section(),
                Integer.toString(r.unemployed()), Integer.toString(r.labourForce()), Integer.toString(r.vacancies()),
                r.offeredSalaryTotal().toPlainString())).sorted().toList();
    }

    private TableCounts cleanCounts() {
        long records = demo.unemployment().size() + demo.vacancies().size();
        return new TableCounts("labour.market", records, records, 0);
    }

    private void assertLoadedLikeTheDemo(Faults faults) throws Exception {
        try (LabourPortalSimulator portal = demo.serve(faults)) {
            TestLoad.Result result = TestLoad.run(store, load(portal));
            assertThat(result.counts()).containsExactly(cleanCounts());
            assertThat(result.rejections()).isEmpty();
        }
        assertThat(table()).containsExactlyElementsOf(expected());
    }

    @Test
    void aCleanPullGivesTheDemoMarketBack() throws Exception {
        assertThat(demo.vacancies()).hasSizeGreaterThan(1_000);
        assertLoadedLikeTheDemo(Faults.none());
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        assertLoadedLikeTheDemo(new Faults(Set.of(2, 3, 7), Set.of(), 0, Set.of(), Set.of(), Integer.MAX_VALUE));
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        assertLoadedLikeTheDemo(new Faults(Set.of(), Set.of(4), 1_500, Set.of(), Set.of(), Integer.MAX_VALUE));
    }

    @Test
    void aTruncatedPageIsFetchedAgain() throws Exception {
        assertLoadedLikeTheDemo(new Faults(Set.of(), Set.of(), 0, Set.of(3, 9), Set.of(), Integer.MAX_VALUE));
    }

    @Test
    void recordsRepeatedAcrossPagesCountOnce() throws Exception {
        try (LabourPortalSimulator portal = demo.serve(new Faults(Set.of(), Set.of(), 0, Set.of(), Set.of(2, 3, 4, 5), Integer.MAX_VALUE))) {
            TestLoad.Result result = TestLoad.run(store, load(portal));
            assertThat(result.counts()).containsExactly(cleanCounts());
        }
        assertThat(table()).containsExactlyElementsOf(expected());
    }

    @Test
    void theServerGoingAwayFailsTheLoadAndLeavesThePreviousData() throws Exception {
        try (LabourPortalSimulator portal = demo.serve(Faults.none())) {
            TestLoad.run(store, load(portal));
        }
        String before = TestLoad.fingerprint(store, "labour.market");
        try (LabourPortalSimulator portal = demo.serve(new Faults(Set.of(), Set.of(), 0, Set.of(), Set.of(), 5))) {
            assertThatThrownBy(() -> TestLoad.run(store, load(portal)))
                    .hasMessageContaining("Портал занятости недоступен после 4 попыток")
                    .hasMessageContaining("offset=5");
            assertThat(portal.pageRequests()).isGreaterThan(5);
        }
        assertThat(TestLoad.fingerprint(store, "labour.market")).isEqualTo(before);
        assertThat(TestLoad.count(store, "meta.load")).isEqualTo(2); // reference + the first pull only
    }

    @Test
    void rerunningThePullChangesNothing() throws Exception {
        TestLoad.Result first;
        try (LabourPortalSimulator portal = demo.serve(Faults.none())) {
            first = TestLoad.run(store, load(portal));
        }
        String fingerprint = TestLoad.fingerprint(store, "labour.market");
        try (LabourPortalSimulator portal = demo.serve(Faults.none())) {
            TestLoad.Result second = TestLoad.run(store, load(portal));
            assertThat(second.counts()).isEqualTo(first.counts());
            // Same bodies, same checksum (the port differs from run to run).
            assertThat(second.sources().values()).containsExactlyElementsOf(first.sources().values());
        }
        assertThat(TestLoad.fingerprint(store, "labour.market")).isEqualTo(fingerprint);
    }

    @Test
    void requestsKeepToTheRateLimit() throws Exception {
        try (LabourPortalSimulator portal = demo.serve(Faults.none())) {
            TestLoad.run(store, new LabourPortalLoad(portal.baseUri(), LabourPortalSimulator.REGION,
                    new LabourPortalLoad.Settings(100, 3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2), 50)));
            List<Long> arrivals = portal.requestNanos();
            // 50 a second: the client starts requests at least 20 ms apart, so n requests span at least (n - 1) × 20 ms
            // (10 ms of slack for when the server's threads notice them).
            assertThat(arrivals).hasSizeGreaterThan(100);
            assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0))
                    .isGreaterThan((arrivals.size() - 1) * 20_000_000L - 10_000_000L);
        }
    }

    @Test
    void badRecordsAreQuarantinedWithPageRecordAndReason() throws Exception {
        LocalDate day = MONTH.atDay(10);
        List<Vacancy> vacancies = List.of(
                new Vacancy("v1", day, "69701000", "86.10", 50_000, 60_000, "Врач"),             // loaded
                new Vacancy("v2", day, "69999000", "86.10", 50_000, 60_000, "Врач"),             // unknown OKTMO
                new Vacancy("v3", day, "69701000", "ab.10", 50_000, 60_000, "Врач"),             // not an OKVED code
                new Vacancy("v4", null, "69701000", "86.10", 50_000, 60_000, "Врач"),            // no date
                new Vacancy("v5", day, "69701000", "86.10", 0, 0, "Врач"),                       // no salary
                new Vacancy("v1", day, "69701000", "86.10", 50_000, 60_000, "Врач"),             // repeat of v1: once
                new Vacancy("v6", day, "69701000001", "47.11", 0, 45_000, "Продавец"));          // settlement OKTMO, max only
        List<Unemployment> stats = List.of(
                new Unemployment("2024-03", "69701000", "Q", 120, 30_000),
                new Unemployment("2024-13", "69701000", "Q", 1, 1),
                new Unemployment("2024-03", "69701000", "Ж", 1, 1));
        try (LabourPortalSimulator portal = new LabourPortalSimulator(vacancies, stats, Faults.none())) {
            TestLoad.Result result = TestLoad.run(store, new LabourPortalLoad(portal.baseUri(), LabourPortalSimulator.REGION,
                    new LabourPortalLoad.Settings(3, 2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2), 1_000)));

            assertThat(result.counts()).containsExactly(new TableCounts("labour.market", 9, 3, 6));
            assertThat(result.rejections()).extracting(r -> r.location().position() + " → " + r.reason().split(" / ")[0])
                    .containsExactly(
                            "record 2 → Месяц неверен: «2024-13»",
                            "record 3 → Неизвестный раздел ОКВЭД2 «Ж»",
                            "page 0, record 2, id v2 → Неизвестный ОКТМО «69999000»",
                            "page 0, record 3, id v3 → Неизвестный код ОКВЭД2 «ab.10»",
                            "page 1, record 1, id v4 → Дата создания неверна: «»",
                            "page 1, record 2, id v5 → Не указана зарплата");
            assertThat(result.rejections().get(2).raw()).contains("\"id\":\"v2\"");
        }
        assertThat(table()).containsExactly(
                "2024-03-01|69701000|G|0|0|1|45000.00",
                "2024-03-01|69701000|Q|120|30000|1|50000.00");
    }
}
