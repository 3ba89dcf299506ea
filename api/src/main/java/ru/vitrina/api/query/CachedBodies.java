package ru.vitrina.api.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The complete JSON bodies of cache hits, by the text of the request. A wall screen asks the same few texts over and
 * over; for each of them a hit used to parse the JSON, plan, compile the SQL, look the answer up and write it again
 * (profiled: most of a hit's CPU besides Jetty). Keyed by everything that can change the answer to one text: the
 * asker's rights (as the result cache), the data version and the day (relative date ranges). Bodies of older versions
 * are dropped when a newer one is stored, as in the result cache.
 */
final class CachedBodies {
    private final Cache<Key, AnswerJson.Body> bodies;
    private final AtomicLong newestVersion = new AtomicLong(Long.MIN_VALUE);

    /** @param maxBytes how many bytes of bodies to keep in all */
    CachedBodies(long maxBytes) {
        this.bodies = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, AnswerJson.Body body) -> body.size())
                .build();
    }

    Optional<AnswerJson.Body> get(Key key) {
        return Optional.ofNullable(bodies.getIfPresent(key));
    }

    void put(Key key, AnswerJson.Body body) {
        long before = newestVersion.getAndAccumulate(key.dataVersion(), Math::max);
        if (key.dataVersion() < before) {
            return;
        }
        bodies.put(key, body);
        if (key.dataVersion() > before) {
            bodies.asMap().keySet().removeIf(k -> k.dataVersion() < key.dataVersion());
        }
    }

    /**
     * @param text the query as sent ({@link QueryDocument#text})
     * @param rights the asker's rights ({@code Principal.rightsKey()})
     * @param day the day relative date ranges resolve to
     */
    record Key(String text, String rights, long dataVersion, LocalDate day) {
        Key {
            requireNonNull(text, "text");
            requireNonNull(rights, "rights");
            requireNonNull(day, "day");
        }
    }
}
