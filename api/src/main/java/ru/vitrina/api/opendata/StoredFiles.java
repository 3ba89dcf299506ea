package ru.vitrina.api.opendata;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a stored file: streamed from disk (memory does not grow with the file), revalidated with ETag and
 * Last-Modified, a single byte range answered with 206 (resuming a download), gzip when the client accepts it and
 * asked for the whole file. A range is always sent as stored bytes, never compressed.
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
        String range = ctx.header("Range");
        String ifRange = ctx.header("If-Range");
        boolean rangeApplies = range != null && (ifRange == null || ifRange.equals(etag));
        if (rangeApplies) {
            Optional<long[]> bounds = bounds(range, size);
            if (bounds == null) {
                // Not a single byte range we understand (e.g. several ranges): the whole file, as RFC 9110 allows.
                sendWhole(ctx, file, contentType, size);
                return;
            }
            if (bounds.isEmpty()) {
                ctx.status(416).header("Content-Range", "bytes */" + size).contentType("text/plain; charset=utf-8")
                        .result("Диапазон вне файла / range not satisfiable: " + range + " (size " + size + ")");
                return;
            }
            long first = bounds.get()[0];
            long last = bounds.get()[1];
            ctx.status(206).contentType(contentType);
            ctx.header("Content-Range", "bytes " + first + "-" + last + "/" + size);
            ctx.res().setContentLengthLong(last - first + 1);
            // Straight to the servlet stream: a byte range must never pass through response compression.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                 InputStream in = Channels.newInputStream(channel.position(first))) {
                OutputStream out = ctx.res().getOutputStream();
                copy(in, out, last - first + 1);
                out.flush();
            }
            return;
        }
        sendWhole(ctx, file, contentType, size);
    }

    private static void sendWhole(Context ctx, Path file, String contentType, long size) throws IOException {
        ctx.contentType(contentType);
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

    /** {first, last} of a single range; empty when unsatisfiable; null when not a single range of bytes. */
    static Optional<long[]> bounds(String header, long size) {
        Matcher matcher = RANGE.matcher(header.trim());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return null;
        }
        try {
            if (matcher.group(1).isEmpty()) {
                long suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0 || size == 0) {
                    return Optional.empty();
                }
                return Optional.of(new long[] {Math.max(0, size - suffix), size - 1});
            }
            long first = Long.parseLong(matcher.group(1));
            long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
            if (first >= size || last < first) {
                return Optional.empty();
            }
            return Optional.of(new long[] {first, last});
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
