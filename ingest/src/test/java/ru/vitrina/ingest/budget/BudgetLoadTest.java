package ru.vitrina.ingest.budget;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.ingest.job.JobAlreadyRunningException;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The budget pull against the PostgreSQL server on 127.0.0.1:5432 into a DuckDB file store. */
class BudgetLoadTest {
    @TempDir
    Path folder;
    BudgetFixture fixture;
    LoadRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BudgetFixture(folder);
        fixture.fill();
        runner = new LoadRunner(fixture.store);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private LoadResult pull(boolean full) {
        LoadResult result = runner.run(new BudgetLoad(fixture.source, full), LoadListener.none());
        assertThat(result.error()).isNull();
        assertThat(result.published()).isTrue();
        return result;
    }

    @Test
    void firstPullLoadsTheWholeSourceAndSetsTheWatermark() throws Exception {
        AtomicLong progress = new AtomicLong();
        LoadResult result = runner.run(new BudgetLoad(fixture.source, false), (job, id, stage, done, total) -> {
            if (BudgetLoad.READING.equals(stage)) {
                progress.set(done);
            }
        });

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 5_000, 5_000, 0));
        assertThat(progress.get()).isEqualTo(5_000);
        assertThat(fixture.storeRows()).isEqualTo(fixture.sourceRows());
        assertThat(fixture.single("SELECT status || ' ' || data_version || ' ' || rows_read || ' ' || rows_loaded || ' '"
                + " || rows_quarantined FROM meta.load WHERE load_id = " + result.loadId()))
                .isEqualTo("published " + result.dataVersion().getAsLong() + " 5000 5000 0");
        assertThat(fixture.store.currentVersion().orElseThrow().version()).isEqualTo(result.dataVersion().getAsLong());
        assertThat(fixture.single("SELECT strftime(modified_at, '%Y-%m-%d %H:%M:%S') FROM meta.watermark"))
                .isEqualTo(fixture.sourceRows().stream().map(r -> r.substring(r.lastIndexOf('|') + 1)).max(String::compareTo).orElseThrow());
        assertThat(fixture.rows("SELECT name, length(sha256) FROM meta.load_source WHERE load_id = " + result.loadId()))
                .singleElement().satisfies(row -> {
                    assertThat(row.get(0)).contains(fixture.source.table()).contains("new 5000");
                    assertThat(row.get(1)).isEqualTo("64");
                });
    }

    @Test
    void incrementalPullAppliesExactlyTheChangedAndNewRows() throws Exception {
        pull(false);
        String before = fixture.single("SELECT max(modified_at) FROM meta.watermark");
        BudgetSourceSimulator.Changes changes = fixture.simulator.applyChanges(7, 100, 50, 0);

        LoadResult result = pull(false);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 150, 150, 0));
        assertThat(fixture.count("SELECT count(*) FROM budget.execution")).isEqualTo(5_050);
        assertThat(fixture.count("SELECT count(*) FROM budget.execution WHERE load_id = " + result.loadId())).isEqualTo(150);
        assertThat(fixture.rows("SELECT operation_id FROM budget.execution WHERE load_id = " + result.loadId()
                + " ORDER BY 1").stream().map(r -> Long.parseLong(r.get(0))).toList())
                .containsExactlyElementsOf(java.util.stream.Stream.concat(changes.updated().stream(), changes.added().stream()).sorted().toList());
        assertThat(fixture.storeRows()).isEqualTo(fixture.sourceRows());
        assertThat(fixture.single("SELECT max(modified_at) FROM meta.watermark")).isNotEqualTo(before);
        assertThat(fixture.single("SELECT strftime(max(modified_at), '%Y-%m-%dT%H:%M:%S') FROM meta.watermark"))
                .isEqualTo(changes.modifiedAt().toString().length() == 16 ? changes.modifiedAt() + ":00" : changes.modifiedAt().toString());
        assertThat(fixture.single("SELECT name FROM meta.load_source WHERE load_id = " + result.loadId()))
                .contains("new 50, changed 100, unchanged 0");

        LoadResult again = pull(false);
        assertThat(again.tables()).containsExactly(new TableCounts("budget.execution", 0, 0, 0));
    }

    @Test
    void rerunningTheSameExtractDuplicatesNothing() throws Exception {
        pull(true);
        String checksum = fixture.checksum();
        LoadResult second = pull(true);

        assertThat(second.tables()).containsExactly(new TableCounts("budget.execution", 5_000, 5_000, 0));
        assertThat(fixture.checksum()).isEqualTo(checksum).startsWith("5000:");
        assertThat(fixture.count("SELECT count(*) FROM budget.execution WHERE load_id = " + second.loadId())).isZero();
        assertThat(fixture.single("SELECT name FROM meta.load_source WHERE load_id = " + second.loadId()))
                .contains("unchanged 5000");
    }

    @Test
    void fullReconciliationDeletesRowsGoneFromTheSource() throws Exception {
        pull(false);
        BudgetSourceSimulator.Changes changes = fixture.simulator.applyChanges(11, 20, 0, 30);
        LoadResult increment = pull(false);
        assertThat(increment.read()).isEqualTo(20);
        assertThat(fixture.count("SELECT count(*) FROM budget.execution")).isEqualTo(5_000);

        LoadResult full = pull(true);

        assertThat(full.tables()).containsExactly(new TableCounts("budget.execution", 4_970, 4_970, 0));
        assertThat(fixture.count("SELECT count(*) FROM budget.execution")).isEqualTo(4_970);
        assertThat(fixture.storeRows()).isEqualTo(fixture.sourceRows());
        assertThat(fixture.count("SELECT count(*) FROM budget.execution WHERE operation_id IN ("
                + String.join(",", changes.deleted().stream().map(String::valueOf).toList()) + ")")).isZero();
        assertThat(fixture.rows("SELECT rule, severity, message FROM meta.quality WHERE load_id = " + full.loadId()))
                .contains(List.of("reconciliation_deleted", "info",
                        "Удалено операций, которых нет в источнике: 30 / operations deleted as gone from the source: 30"));
    }

    @Test
    void invalidRowsAreQuarantinedWithExactReasons() throws Exception {
        List<String> codes = fixture.someCodes();
        String table = fixture.source.table();
        String later = "TIMESTAMP '2030-01-01 10:00:00'";
        fixture.simulator.execute("INSERT INTO " + table + " VALUES"
                + " (900001, 'ПП-1', DATE '2026-10-01', '69999000', '" + codes.get(1) + "', '" + codes.get(2) + "', '"
                + codes.get(3) + "', '" + codes.get(4) + "', 0, 0, 10.00, " + later + "),"
                + " (900002, 'ПП-2', DATE '2026-10-01', '" + codes.get(0) + "', '" + codes.get(1) + "', '9999', '"
                + codes.get(3) + "', '" + codes.get(4) + "', 0, 0, 10.00, " + later + "),"
                + " (900003, NULL, DATE '2026-10-01', '" + codes.get(0) + "', '" + codes.get(1) + "', '" + codes.get(2) + "', '"
                + codes.get(3) + "', '999', 0, 0, NULL, " + later + "),"
                // Blank as the source holds it: only spaces.
                + " (900004, '   ', DATE '2026-10-01', '" + codes.get(0) + "', '" + codes.get(1) + "', '" + codes.get(2) + "',"
                + " ' ', '" + codes.get(4) + "', 0, 0, 10.00, " + later + "),"
                // Blank with spaces that are not ASCII: a no-break space, an ideographic space.
                + " (900005, '\u00A0', DATE '2026-10-01', '" + codes.get(0) + "', '" + codes.get(1) + "', '" + codes.get(2) + "',"
                + " '\u3000', '" + codes.get(4) + "', 0, 0, 10.00, " + later + ")");

        LoadResult result = pull(false);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 5_005, 5_000, 5));
        assertThat(fixture.rows("SELECT source, position, reason FROM meta.quarantine WHERE load_id = " + result.loadId()
                + " ORDER BY position")).containsExactly(
                List.of(fixture.source.describe(), "operation_id=900001", "Неизвестный ОКТМО 69999000 / unknown OKTMO 69999000"),
                List.of(fixture.source.describe(), "operation_id=900002",
                        "Неизвестный раздел/подраздел 9999 / unknown section/subsection 9999"),
                List.of(fixture.source.describe(), "operation_id=900003",
                        "Не заполнено поле «номер документа» / required field document id is empty; Неизвестный вид расходов 999"
                                + " / unknown expense type 999; Не заполнено поле «Кассовый расход» / required field cash execution is empty"),
                List.of(fixture.source.describe(), "operation_id=900004",
                        "Не заполнено поле «номер документа» / required field document id is empty; Не заполнено поле «ЦСР»"
                                + " / required field target article is empty"),
                List.of(fixture.source.describe(), "operation_id=900005",
                        "Не заполнено поле «номер документа» / required field document id is empty; Не заполнено поле «ЦСР»"
                                + " / required field target article is empty"));
        assertThat(fixture.single("SELECT raw FROM meta.quarantine WHERE position = 'operation_id=900001'"))
                .startsWith("900001;ПП-1;2026-10-01;69999000;");
        assertThat(fixture.rows("SELECT rows_read, rows_loaded, rows_quarantined FROM meta.load_table WHERE load_id = "
                + result.loadId())).containsExactly(List.of("5005", "5000", "5"));
        assertThat(fixture.count("SELECT count(*) FROM budget.execution WHERE operation_id >= 900001")).isZero();
    }

    @Test
    void cashFarAbovePlanIsAQualityWarningNotARejection() throws Exception {
        pull(false);
        List<String> codes = fixture.someCodes();
        fixture.simulator.execute("INSERT INTO " + fixture.source.table() + " VALUES (900010, 'ПП-Х', DATE '2025-06-01', '"
                + codes.get(0) + "', '" + codes.get(1) + "', '" + codes.get(2) + "', '" + codes.get(3) + "', '" + codes.get(4)
                + "', 0, 0, 999999999999.00, TIMESTAMP '2030-01-01 00:00:00')");

        LoadResult result = pull(false);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 1, 1, 0));
        List<List<String>> findings = fixture.rows("SELECT rule, severity, subject, message FROM meta.quality WHERE load_id = "
                + result.loadId());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.subList(0, 2)).containsExactly("fact_above_plan", "warning");
            assertThat(f.get(2)).isEqualTo("ОКТМО " + codes.get(0) + ", КБК " + codes.get(1) + " " + codes.get(2) + " "
                    + codes.get(3) + " " + codes.get(4) + ", 2025");
            assertThat(f.get(3)).startsWith("Кассовое исполнение ").contains(" превышает 1,5 × план ");
        });
    }

    @Test
    void aFailingLoadLeavesThePreviousVersionServedAndIsMarkedFailed() throws Exception {
        LoadResult first = pull(false);
        String checksum = fixture.checksum();
        SourceLoad breaking = new SourceLoad() {
            @Override
            public String job() {
                return "budget";
            }

            @Override
            public List<TableCounts> load(ru.vitrina.ingest.load.LoadContext context) throws Exception {
                try (Statement statement = context.transaction().createStatement()) {
                    statement.execute("DELETE FROM budget.execution");
                }
                throw new IllegalStateException("Источник оборвал соединение / source connection lost");
            }
        };

        LoadResult failed = runner.run(breaking, LoadListener.none());

        assertThat(failed.published()).isFalse();
        assertThat(failed.error()).contains("source connection lost");
        assertThat(fixture.checksum()).isEqualTo(checksum);
        assertThat(fixture.store.currentVersion().orElseThrow().version()).isEqualTo(first.dataVersion().getAsLong());
        assertThat(fixture.rows("SELECT status, error, finished_at IS NOT NULL, data_version FROM meta.load WHERE load_id = "
                + failed.loadId())).containsExactly(java.util.Arrays.asList("failed",
                "Источник оборвал соединение / source connection lost", "true", null));

        fixture.simulator.execute("DROP TABLE " + fixture.source.table());
        LoadResult sourceGone = runner.run(new BudgetLoad(fixture.source, false), LoadListener.none());
        assertThat(sourceGone.published()).isFalse();
        assertThat(sourceGone.error()).contains("operation");
        assertThat(fixture.checksum()).isEqualTo(checksum);
        assertThat(fixture.single("SELECT max(modified_at) FROM meta.watermark")).isNotNull();
    }

    @Test
    void aJobNeverRunsTwiceAtOnce() {
        LoadRunner.Started started = runner.start("budget");
        assertThatThrownBy(() -> runner.run(new BudgetLoad(fixture.source, false), LoadListener.none()))
                .isInstanceOf(JobAlreadyRunningException.class)
                .hasMessage("Задание «budget» уже выполняется (загрузка " + started.loadId()
                        + ") / job budget is already running (load " + started.loadId() + ")");
        LoadResult result = runner.execute(started, new BudgetLoad(fixture.source, false), LoadListener.none());
        assertThat(result.published()).isTrue();
        assertThat(runner.running()).isEmpty();
    }

    @Test
    void aLoadLeftRunningByADeadProcessIsMarkedFailedOnRestart() throws Exception {
        LoadRunner.Started started = runner.start("budget");
        LoadRunner restarted = new LoadRunner(fixture.store);
        assertThat(fixture.single("SELECT status FROM meta.load WHERE load_id = " + started.loadId())).isEqualTo("failed");
        assertThat(restarted.run(new BudgetLoad(fixture.source, false), LoadListener.none()).published()).isTrue();
        try (Connection connection = fixture.store.connect()) {
            assertThat(connection.isClosed()).isFalse();
        }
        assertThat(LocalDateTime.now()).isNotNull();
    }
}
