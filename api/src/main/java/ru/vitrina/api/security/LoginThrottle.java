package ru.vitrina.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Failed logins per key (a login, an address) within a sliding minute. Past the limit every attempt on that key is
 * refused with 429 until the minute has passed, right password or not, so guessing costs a minute per few tries.
 */
public final class LoginThrottle {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = requireNonNull(clock, "clock");
    }

    /** Seconds to wait before the next attempt on any of these keys, 0 when an attempt is allowed. */
    public long retryAfterSeconds(String... keys) {
        Instant now = clock.instant();
        long wait = 0;
        for (String key : keys) {
            Deque<Instant> times = failures.get(key);
            if (times == null) {
                continue;
            }
            synchronized (times) {
                prune(times, now);
                if (times.size() >= limit) {
                    wait = Math.max(wait, Math.max(1, Duration.between(now, times.peekFirst().plus(WINDOW)).toSeconds()));
                }
            }
        }
        return wait;
    }

    public void failed(String... keys) {
        Instant now = clock.instant();
        for (String key : keys) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                prune(times, now);
                times.addLast(now);
            }
        }
        if (failures.size() > 100_000) {
            failures.entrySet().removeIf(entry -> {
                synchronized (entry.getValue()) {
                    prune(entry.getValue(), now);
                    return entry.getValue().isEmpty();
                }
            });
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.removeFirst();
        }
    }
}
