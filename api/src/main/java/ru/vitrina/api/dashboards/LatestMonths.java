package ru.vitrina.api.dashboards;

import ru.vitrina.engine.access.Principal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.dashboards.DashboardResolver;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The newest finished month with data in a time dimension, asked of the engine like any other query and remembered
 * per data version: a {@code latest} screen moves to the new month as soon as a load publishes it. The month still
 * running (in the server's zone) is never taken: one payment of the 1st would otherwise move the whole screen to a
 * month the other sources have not reported yet, with a year-to-date target of a month not yet over.
 */
final class LatestMonths implements DashboardResolver.LatestMonth {
    private static final Logger LOG = LoggerFactory.getLogger(LatestMonths.class);

    private final QueryEngine engine;
    private final Store store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Optional<YearMonth>> cache = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong cachedVersion = new java.util.concurrent.atomic.AtomicLong(-1);
    private final java.util.concurrent.atomic.AtomicReference<YearMonth> cachedMonth = new java.util.concurrent.atomic.AtomicReference<>();

    LatestMonths(QueryEngine engine, Store store, Clock clock) {
        this.engine = requireNonNull(engine, "engine");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Optional<YearMonth> of(String timeDimension) {
        // The month turns without a load: the cache is also per month, or a screen stays on the running month.
        long version = store.currentVersion().map(DataVersion::version).orElse(0L);
        YearMonth running = YearMonth.now(clock);
        boolean newVersion = cachedVersion.getAndSet(version) != version;
        boolean newMonth = !running.equals(cachedMonth.getAndSet(running));
        if (newVersion || newMonth) {
            cache.clear(); // answers of older versions are never asked again: keep a screen's server flat for days
        }
        return cache.computeIfAbsent(timeDimension, key -> ask(timeDimension));
    }

    /** The month before this one, the latest finished: what a screen shows when there is no data at all yet. */
    YearMonth fallback() {
        return YearMonth.now(clock).minusMonths(1);
    }

    private Optional<YearMonth> ask(String timeDimension) {
        ObjectNode query = json.createObjectNode();
        query.putArray("timeDimensions").addObject().put("dimension", timeDimension).put("granularity", "month")
                // Neither the running month nor dates in the future (allocations entered ahead, typing errors)
                // move the screen forward.
                .putArray("dateRange").add("2000-01-01").add(fallback().atEndOfMonth().toString());
        query.putObject("order").put(timeDimension + ".month", "desc");
        query.put("limit", 1);
        try {
            // The newest month with data is the same for every user: it names a period, not a figure.
            QueryAnswer answer = engine.load(query, Principal.system());
            if (answer.rows().isEmpty() || answer.rows().get(0)[0] == null) {
                return Optional.empty();
            }
            Object value = answer.rows().get(0)[0];
            if (value instanceof LocalDateTime time) {
                return Optional.of(YearMonth.from(time));
            }
            if (value instanceof LocalDate date) {
                return Optional.of(YearMonth.from(date));
            }
            return Optional.of(YearMonth.parse(value.toString().substring(0, 7)));
        } catch (RuntimeException e) {
            LOG.warn("cannot find the latest month of {}: {}", timeDimension, e.getMessage());
            return Optional.empty();
        }
    }
}
