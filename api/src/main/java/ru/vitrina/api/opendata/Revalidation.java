package ru.vitrina.api.opendata;

import io.javalin.http.Context;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** ETag and Last-Modified of an answer, and 304 when the client's copy is current (RFC 9110 §13). */
final class Revalidation {
    private Revalidation() {
    }

    /** Sets the validators; true when the answer is 304 Not Modified and nothing more must be written. */
    static boolean notModified(Context ctx, String etag, Instant lastModified) {
        ctx.header("ETag", etag);
        if (lastModified != null) {
            ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(lastModified.atOffset(ZoneOffset.UTC)));
        }
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String candidate = tag.trim();
                if (candidate.equals("*") || candidate.equals(etag) || candidate.equals("W/" + etag)) {
                    ctx.status(304);
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = ctx.header("If-Modified-Since");
        if (ifModifiedSince != null && lastModified != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                if (!lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since)) {
                    ctx.status(304);
                    return true;
                }
            } catch (DateTimeParseException ignored) {
                // RFC 9110: an invalid date is ignored, and the full answer sent.
            }
        }
        return false;
    }
}
