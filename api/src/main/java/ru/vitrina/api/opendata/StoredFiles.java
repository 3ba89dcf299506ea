package ru.vitrina.api.opendata;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import ru.vitrina.api.format.ContentTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a stored file: streamed from disk (memory does not grow with the file), revalidated with ETag and
 * Last-Modified, a single byte range answered with 206 (resuming a download), gzip when the client accepts it and
 * asked for the whole file. A range is always sent as stored bytes, never compressed. HEAD gets the headers of the
 * whole file, its length included, and no bytes.
 */
final class StoredFiles {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private StoredFiles() {
    }

    static void send(Context ctx, Path file, String contentType, String etag, Instant lastModified, String downloadName) throws IOException {
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.header("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        if (Revalidation.notModified(ctx, etag, lastModified)) {
            return;
        }
        long size = Files.size(file);
        if (isHead(ctx)) {
            // What a GET would send, without the bytes: link checkers and harvesters ask HEAD for type and size.
            ContentTypes.set(ctx, contentType);
            ctx.res().setContentLengthLong(size);
            return;
        }
        String range = ctx.header("Range");
        String ifRange = ctx.header("If-Range");
        boolean rangeApplies = range != null && (ifRange == null || ifRange.equals(etag));
        ByteRange wanted = rangeApplies ? ByteRange.parse(range, size) : ByteRange.WHOLE;
        if (wanted.kind() == ByteRange.Kind.UNSATISFIABLE) {
            ctx.status(416).header("Content-Range", "bytes */" + size).contentType("text/plain; charset=utf-8")
                    .result("Диапазон вне файла / range not satisfiable: " + range + " (size " + size + ")");
            return;
        }
        if (wanted.kind() == ByteRange.Kind.PART) {
            ctx.status(206);
            ContentTypes.set(ctx, contentType);
            ctx.header("Content-Range", "bytes " + wanted.first() + "-" + wanted.last() + "/" + size);
            ctx.res().setContentLengthLong(wanted.length());
            // Straight to the servlet stream: a byte range must never pass through response compression.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                 InputStream in = Channels.newInputStream(channel.position(wanted.first()))) {
                OutputStream out = ctx.res().getOutputStream();
                copy(in, out, wanted.length());
                out.flush();
            }
            return;
        }
        sendWhole(ctx, file, contentType, size);
    }

    static boolean isHead(Context ctx) {
        return ctx.method() == HandlerType.HEAD;
    }

    private static void sendWhole(Context ctx, Path file, String contentType, long size) throws IOException {
        ContentTypes.set(ctx, contentType);
        String acceptEncoding = ctx.header("Accept-Encoding");
        if (acceptEncoding == null || !acceptEncoding.contains("gzip")) {
            ctx.res().setContentLengthLong(size);
        }
        ctx.header("Vary", "Accept-Encoding");
        try (InputStream in = Files.newInputStream(file)) {
            // Javalin's output stream gzips when the client accepts it.
            OutputStream out = ctx.outputStream();
            in.transferTo(out);
            out.flush();
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** What a Range header asks of a file: all of it (also for forms we do not serve), one part, or nothing it has. */
    record ByteRange(Kind kind, long first, long last) {
        enum Kind { WHOLE, PART, UNSATISFIABLE }

        static final ByteRange WHOLE = new ByteRange(Kind.WHOLE, 0, -1);
        private static final ByteRange NONE = new ByteRange(Kind.UNSATISFIABLE, 0, -1);

        long length() {
            return last - first + 1;
        }

        /** A single {@code bytes=a-b}, {@code a-} or {@code -n}; several ranges get the whole file, as RFC 9110 allows. */
        static ByteRange parse(String header, long size) {
            Matcher matcher = RANGE.matcher(header.trim());
            if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                return WHOLE;
            }
            try {
                if (matcher.group(1).isEmpty()) {
                    long suffix = Long.parseLong(matcher.group(2));
                    return suffix == 0 || size == 0 ? NONE : new ByteRange(Kind.PART, Math.max(0, size - suffix), size - 1);
                }
                long first = Long.parseLong(matcher.group(1));
                long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
                return first >= size || last < first ? NONE : new ByteRange(Kind.PART, first, last);
            } catch (NumberFormatException e) {
                return WHOLE;
            }
        }
    }
}
