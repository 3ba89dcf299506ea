package ru.vitrina.ingest.labour;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.SourceLocation;
import ru.vitrina.ingest.load.TableCounts;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Pulls the labour market from the employment portal's open API (vacancies page by page, and the monthly
 * registered-unemployment statistics) and writes labour.market: month × municipality × OKVED section.
 *
 * <p>Each request waits for the client-side rate limit, and is retried with exponential backoff on a 5xx or 429,
 * a timeout, a dropped connection or a page that does not parse (a truncated body); when the attempts run out
 * the load fails, so the runner rolls it back and the previous data stays — a half-pulled snapshot would
 * understate vacancies. Vacancies repeated across pages (the list moves while it is paged) are counted once,
 * by id. A vacancy counts in the month of its creation-date, offering its salary_min (or salary_max when
 * there is no minimum). The months the extract covers are replaced as a whole, so a rerun never duplicates.
 *
 * <p>Quarantined, with page, record and id: unknown OKTMO (after mapping settlements to their municipality),
 * an OKVED code that is not one or whose section ref.okved_section lacks, a bad creation date, no salary or a
 * negative one; statistics rows with an unknown OKTMO or section, a bad month or negative counts.
 */
public final class LabourPortalLoad implements SourceLoad {
    public static final String JOB = "labour";
    public static final String TABLE = "labour.market";

    private static final Logger LOG = LoggerFactory.getLogger(LabourPortalLoad.class);

    /** How the portal is pulled. */
    public record Settings(int pageSize, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                           Duration requestTimeout, double requestsPerSecond) {
        public Settings {
            requireNonNull(initialBackoff, "initialBackoff");
            requireNonNull(maxBackoff, "maxBackoff");
            requireNonNull(requestTimeout, "requestTimeout");
            if (pageSize < 1 || pageSize > 100 || maxAttempts < 1 || !(requestsPerSecond > 0)) {
                throw new IllegalArgumentException("pageSize 1..100, maxAttempts ≥ 1, requestsPerSecond > 0");
            }
        }

        /** The portal allows 100 vacancies a page; a few requests a second are polite. */
        public static Settings defaults() {
            return new Settings(100, 5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(30), 5);
        }
    }

    private final URI baseUri;
    private final String region;
    private final Settings settings;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();
    private long nextRequestNanos;

    public LabourPortalLoad(URI baseUri, String region, Settings settings) {
        this.baseUri = requireNonNull(baseUri, "baseUri");
        this.region = requireNonNull(region, "region");
        this.settings = requireNonNull(settings, "settings");
        this.client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    }

    @Override
    public String job() {
        return JOB;
    }

    private record Key(YearMonth month, String oktmo, String section) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = month.compareTo(o.month);
            c = c != 0 ? c : oktmo.compareTo(o.oktmo);
            return c != 0 ? c : section.compareTo(o.section);
        }
    }

    private static final class Cell {
        long unemployed;
        long labourForce;
        long vacancies;
        BigDecimal salaryTotal = BigDecimal.ZERO;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        requireNonNull(context, "context");
        Connection transaction = context.transaction();
        Map<String, String> municipalityOf = new HashMap<>();
        Set<String> sections = new HashSet<>();
        try (Statement statement = transaction.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT oktmo, municipality_oktmo FROM ref.territory WHERE municipality_oktmo IS NOT NULL")) {
                while (rows.next()) {
                    municipalityOf.put(rows.getString(1), rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT code FROM ref.okved_section")) {
                while (rows.next()) {
                    sections.add(rows.getString(1));
                }
            }
        }
        Map<Key, Cell> cells = new TreeMap<>();
        long read = 0;
        long loaded = 0;
        long quarantined = 0;

        URI statsUri = baseUri.resolve("/api/v1/unemployment/region/" + region);
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        JsonNode stats = fetch(statsUri, digest);
        int index = 0;
        for (JsonNode row : stats.path("results").path("unemployment")) {
            index++;
            read++;
            String month = row.path("month").asText(null);
            String oktmo = municipalityOf.get(row.path("oktmo").asText(""));
            String section = row.path("okved_section").asText("");
            YearMonth ym = yearMonth(month);
            long registered = row.path("registered_unemployed").asLong(-1);
            long force = row.path("labour_force").asLong(-1);
            String reason = ym == null ? "Месяц неверен: «" + month + "» / bad month"
                    : oktmo == null ? "Неизвестный ОКТМО " + row.path("oktmo").asText() + " / unknown OKTMO"
                    : !sections.contains(section) ? "Неизвестный раздел ОКВЭД2 «" + section + "» / unknown OKVED2 section"
                    : registered < 0 || force < 0 || !row.path("registered_unemployed").isIntegralNumber()
                    || !row.path("labour_force").isIntegralNumber()
                    ? "Численность не целое неотрицательное число / counts must be whole non-negative numbers" : null;
            if (reason != null) {
                quarantined++;
                context.quarantine(new Rejection(TABLE, new SourceLocation(statsUri.toString(), "record " + index),
                        row.toString(), reason));
                continue;
            }
            Cell cell = cells.computeIfAbsent(new Key(ym, oktmo, section), k -> new Cell());
            cell.unemployed += registered;
            cell.labourForce += force;
            loaded++;
        }

        Set<String> seen = new HashSet<>();
        long repeated = 0;
        long total = Long.MAX_VALUE;
        for (int page = 0; (long) page * settings.pageSize() < total; page++) {
            URI pageUri = baseUri.resolve("/api/v1/vacancies/region/" + region + "?offset=" + page + "&limit=" + settings.pageSize());
            JsonNode body = fetch(pageUri, digest);
            total = body.path("meta").path("total").asLong(0);
            JsonNode list = body.path("results").path("vacancies");
            if (list.isEmpty()) {
                break;
            }
            int record = 0;
            for (JsonNode item : list) {
                record++;
                JsonNode v = item.path("vacancy");
                String id = v.path("id").asText("");
                if (!id.isEmpty() && !seen.add(id)) {
                    repeated++;
                    continue;
                }
                read++;
                JsonNode address = v.path("addresses").path("address").path(0);
                String rawOktmo = address.path("oktmo").asText("");
                String oktmo = municipalityOf.get(rawOktmo);
                if (oktmo == null && rawOktmo.length() == 11) {
                    oktmo = municipalityOf.get(rawOktmo.substring(0, 8));
                }
                String okved = v.path("okved").asText("");
                String section = OkvedSections.section(okved);
                LocalDate created = date(v.path("creation-date").asText(""));
                long salaryMin = v.path("salary_min").asLong(0);
                long salaryMax = v.path("salary_max").asLong(0);
                long offered = salaryMin > 0 ? salaryMin : salaryMax;
                String reason = id.isEmpty() ? "Нет id вакансии / no vacancy id"
                        : oktmo == null ? "Неизвестный ОКТМО «" + rawOktmo + "» / unknown OKTMO"
                        : section == null || !sections.contains(section) ? "Неизвестный код ОКВЭД2 «" + okved + "» / unknown OKVED2 code"
                        : created == null ? "Дата создания неверна: «" + v.path("creation-date").asText() + "» / bad creation date"
                        : salaryMin < 0 || salaryMax < 0 ? "Отрицательная зарплата / negative salary"
                        : offered == 0 ? "Не указана зарплата / no salary offered" : null;
                if (reason != null) {
                    quarantined++;
                    context.quarantine(new Rejection(TABLE, new SourceLocation(pageUri.toString(),
                            "page " + page + ", record " + record + ", id " + id), v.toString(), reason));
                    continue;
                }
                Cell cell = cells.computeIfAbsent(new Key(YearMonth.from(created), oktmo, section), k -> new Cell());
                cell.vacancies++;
                cell.salaryTotal = cell.salaryTotal.add(BigDecimal.valueOf(offered));
                loaded++;
            }
            context.progress(Math.min(total, (long) (page + 1) * settings.pageSize()), total);
        }
        if (repeated > 0) {
            LOG.info("{} вакансий повторились на разных страницах и учтены один раз / vacancies repeated across pages,"
                    + " counted once", repeated);
        }
        // Lineage of an API pull: the endpoint, with the checksum of every body used, in order.
        context.sourceFile(baseUri.resolve("/api/v1/vacancies/region/" + region).toString(),
                java.util.HexFormat.of().formatHex(digest.digest()));
        write(transaction, cells, context.loadId());
        return List.of(new TableCounts(TABLE, read, loaded, quarantined));
    }

    private static void write(Connection transaction, Map<Key, Cell> cells, long loadId) throws SQLException {
        Set<YearMonth> months = new TreeSet<>();
        cells.keySet().forEach(k -> months.add(k.month()));
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE labour_staging AS SELECT * FROM labour.market LIMIT 0");
            for (YearMonth month : months) {
                statement.execute("DELETE FROM labour.market WHERE report_month = DATE '" + month.atDay(1) + "'");
            }
        }
        try (TableAppender staging = TableAppender.temporary(transaction, "labour_staging")) {
            DuckDBAppender appender = staging.rows();
            for (Map.Entry<Key, Cell> e : cells.entrySet()) {
                Cell c = e.getValue();
                appender.beginRow()
                        .appendEpochDays((int) e.getKey().month().atDay(1).toEpochDay())
                        .append(e.getKey().oktmo())
                        .append(e.getKey().section())
                        .append(Math.toIntExact(c.unemployed))
                        .append(Math.toIntExact(c.labourForce))
                        .append(Math.toIntExact(c.vacancies))
                        .append(c.salaryTotal.setScale(2))
                        .append(loadId)
                        .endRow();
            }
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute("INSERT INTO labour.market SELECT * FROM labour_staging");
            statement.execute("DROP TABLE labour_staging");
        }
    }

    /** GET with the rate limit, retries and exponential backoff; the parsed JSON body. */
    private JsonNode fetch(URI uri, java.security.MessageDigest digest) throws IOException, InterruptedException {
        String lastError = null;
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                LOG.info("Повтор {} через {} мс: {} / retry after backoff", attempt, backoff.toMillis(), lastError);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
            }
            pace();
            try {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 500 || status == 429) {
                    lastError = "HTTP " + status;
                    continue;
                }
                if (status != 200) {
                    throw new IOException("Портал ответил HTTP " + status + " на " + uri + " / the portal answered HTTP " + status);
                }
                JsonNode parsed = json.readTree(response.body());
                digest.update(response.body());
                return parsed;
            } catch (JsonProcessingException e) {
                lastError = "страница не разбирается (обрезана?) / page does not parse (truncated?): " + e.getOriginalMessage();
            } catch (java.net.http.HttpTimeoutException e) {
                lastError = "тайм-аут / timeout";
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("Портал ответил")) {
                    throw e;
                }
                lastError = "соединение / connection: " + e;
            }
        }
        throw new IOException("Портал занятости недоступен после " + settings.maxAttempts() + " попыток: " + uri
                + " — " + lastError + " / the employment portal failed " + settings.maxAttempts() + " attempts");
    }

    /** Client-side rate limit: requests start at least 1/requestsPerSecond apart. */
    private void pace() throws InterruptedException {
        long now = System.nanoTime();
        if (nextRequestNanos > now) {
            long wait = nextRequestNanos - now;
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            now = System.nanoTime();
        }
        nextRequestNanos = now + (long) (1e9 / settings.requestsPerSecond());
    }

    private static YearMonth yearMonth(String text) {
        try {
            return text == null ? null : YearMonth.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** ISO date, or the portal's dd.MM.yyyy. */
    private static LocalDate date(String text) {
        try {
            if (text.matches("\\d{2}\\.\\d{2}\\.\\d{4}")) {
                return LocalDate.of(Integer.parseInt(text.substring(6)), Integer.parseInt(text.substring(3, 5)),
                        Integer.parseInt(text.substring(0, 2)));
            }
            return text.length() >= 10 ? LocalDate.parse(text.substring(0, 10)) : null;
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
