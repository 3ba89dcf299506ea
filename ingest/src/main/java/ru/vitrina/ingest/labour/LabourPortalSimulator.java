package ru.vitrina.ingest.labour;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The federal employment portal (trudvsem.ru open API, «Работа России») as a real HTTP server on a loopback port:
 * {@code GET /api/v1/vacancies/region/70?offset=N&limit=L} pages vacancies ({@code offset} is the page number, as
 * in that API; at most 100 a page) in {@code results.vacancies[].vacancy}; {@code GET
 * /api/v1/unemployment/region/70} gives the monthly registered-unemployment statistics of the employment service.
 *
 * <p>The numbers are the demo's labour.market (via {@link DemoRegion} in a scratch store): every (month,
 * municipality, OKVED section) row becomes that many vacancies created in the month, each offering the row's
 * average salary as salary_min, so loading the API back gives the demo's rows. {@link Faults} makes it misbehave.
 */
public final class LabourPortalSimulator implements AutoCloseable {
    public static final String REGION = "70";

    /** Which vacancy-page requests (1-based, every attempt counts) misbehave, and how. */
    public record Faults(Set<Integer> serverError, Set<Integer> slow, long slowMillis, Set<Integer> truncated,
                         Set<Integer> shifted, int goAwayAfter) {
        public Faults {
            serverError = Set.copyOf(serverError);
            slow = Set.copyOf(slow);
            truncated = Set.copyOf(truncated);
            shifted = Set.copyOf(shifted);
        }

        public static Faults none() {
            return new Faults(Set.of(), Set.of(), 0, Set.of(), Set.of(), Integer.MAX_VALUE);
        }
    }

    /** One vacancy as published; oktmo and okved may be anything, to feed the adapter broken records. */
    public record Vacancy(String id, LocalDate created, String oktmo, String okved, long salaryMin, long salaryMax,
                          String jobName) {
        public Vacancy {
            requireNonNull(id, "id");
        }
    }

    /** One row of the unemployment statistics. */
    public record Unemployment(String month, String oktmo, String section, long registered, long labourForce) {
    }

    /** A labour.market row as the demo made it, for comparison. */
    public record MarketRow(YearMonth month, String oktmo, String section, int unemployed, int labourForce, int vacancies,
                            BigDecimal offeredSalaryTotal) {
    }

    /**
     * A {@link Faults#shifted()} page starts this many records early, overlapping the previous page, as when the
     * list moves between two requests; nothing is skipped, so the only harm is the repeats.
     */
    static final int SHIFT = 3;
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK's server sends the headers and the body of an answer as two packets; with Nagle's algorithm on, the
        // body waits for the client's delayed ACK of the headers (40 ms), and a pull of thousands of pages crawls.
        // Read once, when the JVM's first such server starts; a value given on the command line wins.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final List<Vacancy> vacancies;
    private final List<Unemployment> unemployment;
    private final Faults faults;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger pageRequests = new AtomicInteger();
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();

    public LabourPortalSimulator(List<Vacancy> vacancies, List<Unemployment> unemployment, Faults faults) throws IOException {
        this.vacancies = List.copyOf(requireNonNull(vacancies, "vacancies"));
        this.unemployment = List.copyOf(requireNonNull(unemployment, "unemployment"));
        this.faults = requireNonNull(faults, "faults");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Several threads: a deliberately slow answer must not hold up the client's retry.
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/api/v1/vacancies/region/" + REGION, this::vacancies);
        server.createContext("/api/v1/unemployment/region/" + REGION, this::unemployment);
        server.start();
    }

    /** The demo region's labour market for {@code seed}, {@code from}–{@code to}, as vacancies and statistics. */
    public static Demo demo(long seed, YearMonth from, YearMonth to) {
        try (Store scratch = Store.inMemory()) {
            new DemoRegion(seed, DemoSize.TEST).generate(scratch, ProgressListener.none());
            try (Connection connection = scratch.connect()) {
                return demo(connection, seed, from, to);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the demo labour market: " + e.getMessage(), e);
        }
    }

    /**
     * The labour market of a store the demo generator filled ({@code connection}), {@code from}–{@code to}, as
     * vacancies and statistics; the details the table does not keep are drawn from {@code seed}.
     */
    public static Demo demo(Connection connection, long seed, YearMonth from, YearMonth to) throws SQLException {
        List<MarketRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT report_month, oktmo, okved_section,"
                + " registered_unemployed, labour_force, vacancies, offered_salary_total FROM labour.market"
                + " WHERE report_month BETWEEN ? AND ? ORDER BY 1, 2, 3")) {
            statement.setObject(1, from.atDay(1));
            statement.setObject(2, to.atDay(1));
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    rows.add(new MarketRow(YearMonth.from(r.getObject(1, LocalDate.class)), r.getString(2), r.getString(3),
                            r.getInt(4), r.getInt(5), r.getInt(6), r.getBigDecimal(7)));
                }
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Vacancy> vacancies = new ArrayList<>();
        List<Unemployment> statistics = new ArrayList<>();
        for (MarketRow row : rows) {
            statistics.add(new Unemployment(row.month().toString(), row.oktmo(), row.section(), row.unemployed(), row.labourForce()));
            if (row.vacancies() == 0) {
                continue;
            }
            long salary = row.offeredSalaryTotal().longValue() / row.vacancies();
            for (int k = 0; k < row.vacancies(); k++) {
                vacancies.add(new Vacancy(new UUID(random.nextLong(), random.nextLong()).toString(),
                        row.month().atDay(1 + random.nextInt(row.month().lengthOfMonth())), row.oktmo(),
                        OkvedSections.typicalCode(row.section()), salary, salary + 100L * random.nextInt(60),
                        "Специалист (" + row.section() + ")"));
            }
        }
        // The portal lists vacancies in no order of ours: shuffled once, deterministically for the seed.
        Collections.shuffle(vacancies, new java.util.Random(random.nextLong()));
        return new Demo(vacancies, statistics, rows);
    }

    /** What {@link #demo} made: the portal's contents and the table they should load into. */
    public record Demo(List<Vacancy> vacancies, List<Unemployment> unemployment, List<MarketRow> market) {
        public LabourPortalSimulator serve(Faults faults) throws IOException {
            return new LabourPortalSimulator(vacancies, unemployment, faults);
        }
    }

    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Vacancy-page requests served or refused so far. */
    public int pageRequests() {
        return pageRequests.get();
    }

    /** When each request arrived (System.nanoTime), for the rate-limit test. */
    public List<Long> requestNanos() {
        return List.copyOf(requestNanos);
    }

    private void vacancies(HttpExchange exchange) throws IOException {
        requestNanos.add(System.nanoTime());
        int request = pageRequests.incrementAndGet();
        try (exchange) {
            if (request > faults.goAwayAfter()) {
                // The server goes away mid-run: this connection is dropped and nothing listens any more.
                new Thread(() -> server.stop(0)).start();
                return;
            }
            if (faults.serverError().contains(request)) {
                send(exchange, 500, "{\"status\":\"500\",\"error\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (faults.slow().contains(request)) {
                sleep(faults.slowMillis());
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int limit = Math.min(100, Math.max(1, Integer.parseInt(query.getOrDefault("limit", "100"))));
            int page = Math.max(0, Integer.parseInt(query.getOrDefault("offset", "0")));
            int end = Math.min(vacancies.size(), page * limit + limit);
            int start = Math.max(0, page * limit - (faults.shifted().contains(request) ? SHIFT : 0));
            ObjectNode body = json.createObjectNode();
            body.put("status", "200");
            body.putObject("request").put("api", "v1");
            body.putObject("meta").put("total", vacancies.size()).put("limit", limit);
            ArrayNode list = body.putObject("results").putArray("vacancies");
            for (int i = start; i < end; i++) {
                list.addObject().set("vacancy", vacancy(vacancies.get(i)));
            }
            byte[] bytes = json.writeValueAsBytes(body);
            if (faults.truncated().contains(request)) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
            }
            send(exchange, 200, bytes);
        }
    }

    private ObjectNode vacancy(Vacancy v) {
        ObjectNode node = json.createObjectNode();
        node.put("id", v.id());
        node.put("source", "Работа России");
        ObjectNode region = node.putObject("region");
        region.put("region_code", REGION + "00000000000");
        region.put("name", "Томская область");
        node.putObject("company").put("name", "Работодатель " + (v.id().length() > 8 ? v.id().substring(0, 8) : v.id()));
        node.put("creation-date", v.created() == null ? "" : v.created().toString());
        node.put("salary", "от " + v.salaryMin() + " до " + v.salaryMax());
        node.put("salary_min", v.salaryMin());
        node.put("salary_max", v.salaryMax());
        node.put("job-name", v.jobName());
        node.put("okved", v.okved());
        node.put("employment", "Полная занятость");
        node.put("schedule", "Полный день");
        node.put("duty", "Обязанности по профессии");
        node.putObject("addresses").putArray("address").addObject().put("location", "Томская область").put("oktmo", v.oktmo());
        return node;
    }

    private void unemployment(HttpExchange exchange) throws IOException {
        requestNanos.add(System.nanoTime());
        try (exchange) {
            ObjectNode body = json.createObjectNode();
            body.put("status", "200");
            body.putObject("meta").put("total", unemployment.size());
            ArrayNode list = body.putObject("results").putArray("unemployment");
            for (Unemployment u : unemployment) {
                list.addObject().put("month", u.month()).put("oktmo", u.oktmo()).put("okved_section", u.section())
                        .put("registered_unemployed", u.registered()).put("labour_force", u.labourForce());
            }
            send(exchange, 200, json.writeValueAsBytes(body));
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
