package ru.vitrina.api.ops;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it looks like one (a proxy or a screen may set
 * it, so one id follows a request through all logs), a new UUID otherwise. The id is echoed in the response, kept
 * in the context for the access log and in the MDC for everything logged while the request is handled.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "vitrina.requestId";
    static final String MDC_KEY = "requestId";
    // Anything else (long, spaces, quotes, newlines) could forge or break log lines, so it is replaced, not echoed.
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    static void assign(Context ctx) {
        String incoming = ctx.header(HEADER);
        String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : newId();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /**
     * A random version-4 UUID from the thread's own generator. {@link UUID#randomUUID()} draws from the shared
     * SecureRandom, whose lock 64 concurrent requests queued on (profiled: a third of all blocked time); an id that
     * only correlates log lines needs no cryptographic strength.
     */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }

    static void release() {
        MDC.remove(MDC_KEY);
    }
}
