package ru.vitrina.api.opendata;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A limit of requests per client address for the public routes (resilience4j's rate limiter, one per address,
 * forgotten after an idle period). Over the limit: 429 with Retry-After. Addresses are the connection's own;
 * a proxy in front must be configured to keep them (X-Forwarded-For is not trusted).
 */
final class RateLimit {
    /** Environment variables that override the defaults: requests per period, and the period in seconds. */
    static final String REQUESTS_VARIABLE = "VITRINA_OPENDATA_RATE_REQUESTS";
    static final String PERIOD_VARIABLE = "VITRINA_OPENDATA_RATE_PERIOD_SECONDS";

    /** @param requests how many requests one address may make per period */
    record Settings(int requests, Duration period) {
        static final Settings DEFAULTS = new Settings(300, Duration.ofMinutes(1));

        Settings {
            requireNonNull(period, "period");
            if (requests <= 0 || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("rate limit needs positive requests and period, was " + requests + " per " + period);
            }
        }

        static Settings from(Map<String, String> environment) {
            String requests = environment.get(REQUESTS_VARIABLE);
            String period = environment.get(PERIOD_VARIABLE);
            try {
                return new Settings(requests == null ? DEFAULTS.requests() : Integer.parseInt(requests.trim()),
                        period == null ? DEFAULTS.period() : Duration.ofSeconds(Long.parseLong(period.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(REQUESTS_VARIABLE + " and " + PERIOD_VARIABLE + " must be whole numbers: " + e.getMessage(), e);
            }
        }
    }

    private final Settings settings;
    private final RateLimiterConfig config;
    private final Cache<String, AtomicRateLimiter> limiters;

    RateLimit(Settings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.config = RateLimiterConfig.custom().limitForPeriod(settings.requests()).limitRefreshPeriod(settings.period())
                .timeoutDuration(Duration.ZERO).build();
        this.limiters = Caffeine.newBuilder().expireAfterAccess(settings.period().multipliedBy(2)).maximumSize(100_000).build();
    }

    /** Javalin before-handler: lets the request through or answers 429. */
    void check(Context ctx) {
        AtomicRateLimiter limiter = limiters.get(ctx.ip(), ip -> new AtomicRateLimiter("opendata " + ip, config));
        if (limiter.acquirePermission()) {
            return;
        }
        long seconds = Math.max(1, (limiter.getDetailedMetrics().getNanosToWait() + 999_999_999L) / 1_000_000_000L);
        ctx.header("Retry-After", Long.toString(seconds));
        ctx.status(429).contentType("application/json; charset=utf-8").result("{\"error\":\"Слишком много запросов: не больше "
                + settings.requests() + " за " + settings.period().toSeconds() + " с с одного адреса; повторите через " + seconds
                + " с / Too many requests: at most " + settings.requests() + " per " + settings.period().toSeconds()
                + " s from one address; retry after " + seconds + " s\"}");
        ctx.skipRemainingHandlers();
    }
}
