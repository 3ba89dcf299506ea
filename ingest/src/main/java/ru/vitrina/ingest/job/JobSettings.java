package ru.vitrina.ingest.job;

import ru.vitrina.ingest.budget.BudgetSource;
import ru.vitrina.ingest.quality.QualityRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Where each job reads from and when it runs: the {@code jobs} section of vitrina.yaml, overridden by environment
 * variables (or the same names as system properties, lower case with dots: vitrina.jobs.health.source):
 * <pre>
 * jobs:
 *   schedule: true                       # VITRINA_JOBS_SCHEDULE
 *   budget:      {cron: "0 0 * * * ?", source: "jdbc:postgresql://db:5432/budget", user: vitrina, password: "", schema: budget_src}
 *                # or source: /srv/drop/budget/treasury_export.csv — the Treasury CSV export instead of the system
 *   procurement: {cron: "0 0 3 * * ?", source: /srv/drop/procurement}   # a folder of ZIPs, or an http(s) URL of one
 *   health:      {source: /srv/drop/health}                              # a folder of XLSX/CSV reports, or one file
 *   labour:      {source: "https://opendata.trudvsem.ru", requests_per_second: 5}   # the portal's base URL
 *   population:  {source: /srv/drop/population/emiss.xml}               # an SDMX-ML file, folder or http(s) URL
 *   quality_rules: /etc/vitrina/quality   # VITRINA_JOBS_QUALITY_RULES: a folder of data-quality rule files (*.yaml)
 *                                         # used instead of the shipped ones; absent: the shipped rules
 * </pre>
 * Environment: VITRINA_JOBS_&lt;JOB&gt;_CRON and VITRINA_JOBS_&lt;JOB&gt;_SOURCE; the budget system also by
 * VITRINA_BUDGET_PG_URL, _USER, _PASSWORD, _SCHEMA. Defaults: budget hourly from PostgreSQL on localhost, the
 * others daily at 03:00 from drop folders under data/drop/&lt;job&gt;; labour has no default portal.
 *
 * <p>The scheduler runs only when asked ({@code schedule}) or when some source is configured explicitly: a server
 * started with neither (a laptop demo, the API tests) must not begin pulling from systems it was never pointed at.
 */
public record JobSettings(BudgetSource budget, Map<String, Source> sources, boolean schedule, Optional<Path> qualityRules) {
    public static final String BUDGET = "budget";
    public static final String PROCUREMENT = "procurement";
    public static final String HEALTH = "health";
    public static final String LABOUR = "labour";
    public static final String POPULATION = "population";
    public static final List<String> JOBS = List.of(BUDGET, PROCUREMENT, HEALTH, LABOUR, POPULATION);
    /** The keys of the jobs section: {@code schedule}, {@code quality_rules} and a mapping per job. */
    public static final Set<String> SECTION_KEYS = Set.of("schedule", "quality_rules", BUDGET, PROCUREMENT, HEALTH, LABOUR,
            POPULATION);

    private static final Set<String> JOB_KEYS = Set.of("cron", "source");
    private static final Set<String> BUDGET_KEYS = Set.of("cron", "source", "user", "password", "schema");
    private static final Set<String> LABOUR_KEYS = Set.of("cron", "source", "requests_per_second");

    /**
     * A job's schedule (Quartz cron, empty: by hand only), source (folder, file, URL; empty: none configured) and
     * its own other settings (labour: requests_per_second).
     */
    public record Source(String cron, String location, Map<String, String> options) {
        public Source {
            requireNonNull(cron, "cron");
            requireNonNull(location, "location");
            options = Map.copyOf(options);
        }

        public Source(String cron, String location) {
            this(cron, location, Map.of());
        }

        public Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name));
        }

        public boolean configured() {
            return !location.isBlank();
        }

        public boolean remote() {
            return location.startsWith("http://") || location.startsWith("https://");
        }
    }

    public JobSettings {
        requireNonNull(budget, "budget");
        requireNonNull(qualityRules, "qualityRules");
        sources = Map.copyOf(sources);
        for (String job : JOBS) {
            if (!sources.containsKey(job)) {
                throw new IllegalArgumentException("no settings for job " + job);
            }
        }
    }

    public Source source(String job) {
        Source source = sources.get(job);
        if (source == null) {
            throw new UnknownJobException(job, JOBS);
        }
        return source;
    }

    /**
     * The Treasury CSV export the budget job reads when its source is a file rather than a {@code jdbc:} URL of the
     * budget system: a region whose system drops an export replaced in place (an unchanged export loads nothing).
     */
    public Optional<Path> budgetExport() {
        String location = sources.get(BUDGET).location();
        return isJdbc(location) ? Optional.empty() : Optional.of(Path.of(location));
    }

    private static boolean isJdbc(String location) {
        return location.startsWith("jdbc:");
    }

    /** These settings with another budget system (e.g. given on the command line). */
    public JobSettings withBudget(BudgetSource newBudget) {
        Map<String, Source> changed = new LinkedHashMap<>(sources);
        changed.put(BUDGET, new Source(sources.get(BUDGET).cron(), newBudget.url(), Map.of()));
        return new JobSettings(newBudget, changed, schedule, qualityRules);
    }

    /**
     * @param section    the {@code jobs} section of vitrina.yaml as plain data (empty when absent)
     * @param environment environment variables, which win over the file
     * @param properties system properties, which win over both
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static JobSettings from(Map<String, ?> section, Map<String, String> environment, Map<String, String> properties) {
        requireNonNull(section, "section");
        UnaryOperator<String> override = name -> Optional.ofNullable(properties.get(name.toLowerCase().replace('_', '.')
                        .replace("vitrina.budget.pg.", "vitrina.budget.pg-")))
                .or(() -> Optional.ofNullable(environment.get(name))).filter(v -> !v.isBlank()).orElse(null);
        boolean explicit = false;
        Map<String, Source> sources = new LinkedHashMap<>();
        Map<String, String> budgetExtras = new HashMap<>();
        for (String key : section.keySet()) {
            if (!SECTION_KEYS.contains(key)) {
                throw new IllegalArgumentException("jobs: unknown job '" + key + "'; known: schedule, quality_rules, "
                        + String.join(", ", JOBS));
            }
        }
        for (String job : JOBS) {
            Map<String, String> file = job(section, job);
            String prefix = "VITRINA_JOBS_" + job.toUpperCase() + "_";
            String cron = first(override.apply(prefix + "CRON"), file.get("cron"),
                    job.equals(BUDGET) ? JobDefinition.HOURLY : JobDefinition.DAILY);
            String location = first(override.apply(prefix + "SOURCE"),
                    job.equals(BUDGET) ? override.apply("VITRINA_BUDGET_PG_URL") : null, file.get("source"));
            explicit |= location != null;
            if (location == null) {
                location = switch (job) {
                    case BUDGET -> BudgetSource.DEFAULT_URL;
                    case LABOUR -> "";
                    default -> "data/drop/" + job;
                };
            }
            Map<String, String> options = new HashMap<>(file);
            options.keySet().removeAll(JOB_KEYS);
            sources.put(job, new Source(cron, location, job.equals(BUDGET) ? Map.of() : options));
            if (job.equals(BUDGET)) {
                budgetExtras.putAll(file);
            }
        }
        String budgetLocation = sources.get(BUDGET).location();
        BudgetSource budget = new BudgetSource(isJdbc(budgetLocation) ? budgetLocation : BudgetSource.DEFAULT_URL,
                first(override.apply("VITRINA_BUDGET_PG_USER"), budgetExtras.get("user"), BudgetSource.DEFAULT_USER),
                first(override.apply("VITRINA_BUDGET_PG_PASSWORD"), budgetExtras.get("password"), null),
                first(override.apply("VITRINA_BUDGET_PG_SCHEMA"), budgetExtras.get("schema"), BudgetSource.DEFAULT_SCHEMA));
        String schedule = first(override.apply("VITRINA_JOBS_SCHEDULE"),
                section.get("schedule") == null ? null : String.valueOf(section.get("schedule")), null);
        boolean on = schedule == null ? explicit
                : schedule.equalsIgnoreCase("on") || schedule.equalsIgnoreCase("true");
        String rules = first(override.apply("VITRINA_JOBS_QUALITY_RULES"),
                section.get("quality_rules") == null ? null : String.valueOf(section.get("quality_rules")), null);
        return new JobSettings(budget, sources, on, Optional.ofNullable(rules).map(Path::of));
    }

    /**
     * The data-quality rules loads are checked against: the files of {@code quality_rules}, else the shipped ones.
     *
     * @throws IllegalArgumentException naming the folder when it cannot be read or a rule is broken
     */
    public QualityRules rules() {
        if (qualityRules.isEmpty()) {
            return QualityRules.shipped();
        }
        Path folder = qualityRules.get();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("jobs.quality_rules: папка правил качества не найдена / no rules folder "
                    + folder.toAbsolutePath());
        }
        try {
            return QualityRules.read(folder);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("jobs.quality_rules: " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** From this process's environment and system properties, without a configuration file. */
    public static JobSettings fromSystem() {
        return fromSystem(Map.of());
    }

    /** The {@code jobs} section of the configuration, overridden by this process's environment and system properties. */
    public static JobSettings fromSystem(Map<String, ?> section) {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        return from(section, System.getenv(), properties);
    }

    private static Map<String, String> job(Map<String, ?> section, String job) {
        Object value = section.get(job);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("jobs." + job + " must be a mapping like {cron: ..., source: ...}");
        }
        Set<String> allowed = job.equals(BUDGET) ? BUDGET_KEYS : job.equals(LABOUR) ? LABOUR_KEYS : JOB_KEYS;
        Map<String, String> settings = new HashMap<>();
        map.forEach((key, setting) -> {
            if (!allowed.contains(String.valueOf(key))) {
                throw new IllegalArgumentException("jobs." + job + ": unknown setting '" + key + "'; known: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (setting != null) {
                settings.put(String.valueOf(key), String.valueOf(setting));
            }
        });
        return settings;
    }

    private static String first(String a, String b, String fallback) {
        return a != null ? a : b != null ? b : fallback;
    }
}
