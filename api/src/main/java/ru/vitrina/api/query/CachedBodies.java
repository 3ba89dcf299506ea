package ru.vitrina.api.query;

import ru.vitrina.engine.cache.NewestVersionCache;

import java.time.LocalDate;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The complete JSON bodies of cache hits, by the text of the request. A wall screen asks the same few texts over and
 * over; for each of them a hit used to parse the JSON, plan, compile the SQL, look the answer up and write it again
 * (profiled: most of a hit's CPU besides Jetty). Keyed by everything that can change the answer to one text: the
 * asker's rights (as the result cache), the data version and the day (relative date ranges); only the newest
 * version's bodies are kept.
 */
final class CachedBodies {
    private final NewestVersionCache<Key, KeptBody> bodies;

    /** @param maxBytes how many bytes of bodies (and of the request texts they are kept under) to keep in all */
    CachedBodies(long maxBytes) {
        this.bodies = new NewestVersionCache<>(maxBytes, (key, body) -> body.size() + 2 * key.text().length(), Key::dataVersion);
    }

    Optional<KeptBody> get(Key key) {
        return bodies.get(key);
    }

    void put(Key key, KeptBody body) {
        bodies.put(key, body);
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
