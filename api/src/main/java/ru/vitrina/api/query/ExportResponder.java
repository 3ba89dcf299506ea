package ru.vitrina.api.query;

import io.javalin.http.Context;
import ru.vitrina.api.format.ContentTypes;
import ru.vitrina.api.format.ResultFormat;
import ru.vitrina.api.format.ResultWriters;
import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.store.StoreException;

import java.io.OutputStream;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/** Streams an open answer as a file in the chosen format, naming the data version in a header. */
public final class ExportResponder {
    private final ResultWriters writers;

    public ExportResponder(ResultWriters writers) {
        this.writers = requireNonNull(writers, "writers");
    }

    public void respond(Context ctx, QueryCursor cursor, ResultFormat format, String baseName) throws Exception {
        ContentTypes.set(ctx, format.contentType());
        ctx.header("Content-Disposition", format.contentDisposition(baseName));
        ctx.header("X-Vitrina-Data-Version", cursor.dataVersion() == null ? "none" : Long.toString(cursor.dataVersion().version()));
        OutputStream out = ctx.outputStream();
        long rows;
        try {
            rows = writers.writer(format).write(cursor, out);
        } catch (StoreException e) {
            // The writers read the streamed rows: a statement failing or cancelled meanwhile is the cursor's to name.
            throw e.getCause() instanceof SQLException sql ? cursor.failure(sql) : e;
        }
        out.flush();
        ctx.attribute(AuditTrail.ROWS, rows);
    }
}
