package ru.vitrina.ingest.job;

import ru.vitrina.ingest.budget.BudgetSource;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the ingest jobs, from environment variables (VITRINA_BUDGET_PG_URL ...) or the same names as
 * system properties (vitrina.budget.pg-url ...), until the configuration file grows a jobs section.
 *
 * <p>The scheduler runs only when asked ({@code VITRINA_JOBS_SCHEDULE=on}) or when a budget source is configured
 * explicitly: a server started without either (a laptop demo, the API tests) must not begin pulling from a
 * database it was never pointed at.
 */
public record JobSettings(BudgetSource budget, String budgetCron, boolean schedule) {
    public JobSettings {
        requireNonNull(budget, "budget");
        requireNonNull(budgetCron, "budgetCron");
    }

    public static JobSettings from(Map<String, String> environment, Map<String, String> properties) {
        UnaryOperator<String> get = name -> Optional.ofNullable(properties.get(name.toLowerCase().replace('_', '.')
                        .replace("vitrina.budget.pg.", "vitrina.budget.pg-")))
                .or(() -> Optional.ofNullable(environment.get(name))).filter(v -> !v.isBlank()).orElse(null);
        String url = get.apply("VITRINA_BUDGET_PG_URL");
        BudgetSource source = new BudgetSource(url == null ? BudgetSource.DEFAULT_URL : url,
                Optional.ofNullable(get.apply("VITRINA_BUDGET_PG_USER")).orElse(BudgetSource.DEFAULT_USER),
                get.apply("VITRINA_BUDGET_PG_PASSWORD"),
                Optional.ofNullable(get.apply("VITRINA_BUDGET_PG_SCHEMA")).orElse(BudgetSource.DEFAULT_SCHEMA));
        String cron = Optional.ofNullable(get.apply("VITRINA_JOBS_BUDGET_CRON")).orElse(JobDefinition.HOURLY);
        String schedule = get.apply("VITRINA_JOBS_SCHEDULE");
        boolean on = schedule == null ? url != null : schedule.equalsIgnoreCase("on") || schedule.equalsIgnoreCase("true");
        return new JobSettings(source, cron, on);
    }

    /** From this process's environment and system properties. */
    public static JobSettings fromSystem() {
        Map<String, String> properties = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        return from(System.getenv(), properties);
    }
}
