package ru.vitrina.api.query;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.api.format.ContentTypes;
import ru.vitrina.api.format.ResultFormat;
import ru.vitrina.api.format.ResultWriters;
import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.store.StoreException;

import java.sql.SQLException;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Streams an open answer as a file in the chosen format, naming the data version in a header.
 *
 * <p>A failure while the file's first bytes are still held back ({@link HeldBackOutputStream}) is answered as any
 * other failure, JSON with its status. Once bytes have gone out, the 200 may be on the wire and an error appended to
 * the body would make a cut file that looks whole (a CSV stays CSV), so the response is aborted instead: the client
 * sees the connection end without HTTP's last chunk, a failed download, and the log says why.
 */
public final class ExportResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ExportResponder.class);
    /** How much of a file is kept back before the first byte goes out: the first chunks of DuckDB's rows. */
    static final int HELD_BACK_BYTES = 64 * 1024;

    private final ResultWriters writers;

    public ExportResponder(ResultWriters writers) {
        this.writers = requireNonNull(writers, "writers");
    }

    public void respond(Context ctx, QueryCursor cursor, ResultFormat format, String baseName) throws Exception {
        ContentTypes.set(ctx, format.contentType());
        ctx.header("Content-Disposition", format.contentDisposition(baseName));
        ctx.header("X-Vitrina-Data-Version", cursor.dataVersion() == null ? "none" : Long.toString(cursor.dataVersion().version()));
        HeldBackOutputStream out = new HeldBackOutputStream(ctx::outputStream, HELD_BACK_BYTES);
        long rows;
        try {
            rows = writers.writer(format).write(cursor, out);
            out.finish();
        } catch (Exception e) {
            // The writers read the streamed rows: a statement failing or cancelled meanwhile is the cursor's to name.
            Exception failure = e instanceof StoreException store && store.getCause() instanceof SQLException sql
                    ? cursor.failure(sql) : e;
            if (!out.released()) {
                // Nothing sent: no file is offered, and the error handler answers as for any other query.
                ctx.res().setHeader("Content-Disposition", null);
                throw failure;
            }
            abort(ctx, failure);
            return;
        }
        ctx.attribute(AuditTrail.ROWS, rows);
    }

    private static void abort(Context ctx, Exception failure) {
        String id = UUID.randomUUID().toString();
        LOG.warn("export {} {} failed after its first bytes were sent; the transfer is broken off, error id {}",
                ctx.method(), ctx.path(), id, failure);
        // The connection itself is closed: the client sees it end before HTTP's last chunk (or the declared length).
        // Failing the servlet channel instead would leave Javalin, which still finishes the request, a channel in a
        // state it cannot handle. Jetty's own attempt to end the response on the closed connection fails quietly.
        ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().getEndPoint().close();
    }
}
