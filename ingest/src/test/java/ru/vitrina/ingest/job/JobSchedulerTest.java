package ru.vitrina.ingest.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.load.TableCounts;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Quartz fires a job on its cron expression; the run is recorded in meta.load like a run by hand. */
class JobSchedulerTest {
    @TempDir
    Path folder;

    @Test
    void aJobRunsOnItsCronExpression() throws Exception {
        try (Store store = Store.open(folder.resolve("s.duckdb"))) {
            JobDefinition everySecond = new JobDefinition("tick", "Проверка", "* * * * * ?", options -> new ru.vitrina.ingest.load.SourceLoad() {
                @Override
                public String job() {
                    return "tick";
                }

                @Override
                public List<TableCounts> load(ru.vitrina.ingest.load.LoadContext context) {
                    context.sourceFile("clock", null);
                    return List.of(new TableCounts("meta.none", 0, 0, 0));
                }
            });
            try (JobService service = new JobService(store, List.of(everySecond, everySecond.withCron("").withName("manual")));
                 JobScheduler scheduler = new JobScheduler(service).start()) {
                assertThat(scheduler.nextRun("tick")).isPresent();
                assertThat(scheduler.nextRun("manual")).isEmpty();
                long published = 0;
                for (int i = 0; i < 100 && published == 0; i++) {
                    Thread.sleep(100);
                    try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                         ResultSet rows = statement.executeQuery("SELECT count(*) FROM meta.load WHERE job = 'tick' AND status = 'published'")) {
                        rows.next();
                        published = rows.getLong(1);
                    }
                }
                assertThat(published).isPositive();
            }
        }
    }

    @Test
    void settingsComeFromTheEnvironmentAndScheduleOnlyWhenPointedAtASource() {
        JobSettings defaults = JobSettings.from(Map.of(), Map.of(), Map.of());
        assertThat(defaults.schedule()).isFalse();
        assertThat(defaults.source(JobSettings.BUDGET).cron()).isEqualTo(JobDefinition.HOURLY);
        assertThat(defaults.budget().schema()).isEqualTo("budget_src");
        JobSettings configured = JobSettings.from(Map.of(), Map.of("VITRINA_BUDGET_PG_URL", "jdbc:postgresql://db:5432/budget",
                "VITRINA_JOBS_BUDGET_CRON", "0 15 * * * ?"), Map.of("vitrina.budget.pg-schema", "ufk"));
        assertThat(configured.schedule()).isTrue();
        assertThat(configured.source(JobSettings.BUDGET).cron()).isEqualTo("0 15 * * * ?");
        assertThat(configured.budget().table()).isEqualTo("ufk.operation");
        assertThat(JobSettings.from(Map.of(), Map.of("VITRINA_BUDGET_PG_URL", "jdbc:postgresql://db/x", "VITRINA_JOBS_SCHEDULE", "off"),
                Map.of()).schedule()).isFalse();
    }
}
