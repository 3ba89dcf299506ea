package ru.vitrina.api.opendata;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import ru.vitrina.api.format.ContentTypes;
import ru.vitrina.api.format.ResultFormat;
import ru.vitrina.api.format.ResultWriters;
import ru.vitrina.api.format.XlsxWriter;
import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.api.server.Application;
import ru.vitrina.engine.json.StrictJson;
import ru.vitrina.engine.store.Store;
import ru.vitrina.opendata.ckan.ActionParameters;
import ru.vitrina.opendata.ckan.CkanActions;
import ru.vitrina.opendata.ckan.CkanError;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.frictionless.DataPackages;
import ru.vitrina.opendata.publish.DataSetQuery;
import ru.vitrina.opendata.publish.PublishedVersion;
import ru.vitrina.opendata.publish.Publications;
import ru.vitrina.opendata.v3.ListFiles;
import ru.vitrina.opendata.v3.Passport;
import ru.vitrina.opendata.v3.PassportFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The public open-data routes: the v3.0 files and pages under {@code /opendata/}, every version's downloads, the
 * Frictionless descriptor, and the CKAN Action API subset under {@code /api/3/action/} (and {@code /api/action/},
 * where ckanapi posts). All are PUBLIC and rate-limited per client address.
 */
public final class OpenDataRoutes {
    private static final Pattern DATA_FILE = Pattern.compile("(data-(\\d{8})-structure-(\\d{8}))\\.(csv|parquet|json|xlsx)");
    private static final String FILES = "meta.csv, meta.json, meta.xml, datapackage.json, data-YYYYMMDD-structure-YYYYMMDD.csv|json|xlsx|parquet, "
            + "structure-YYYYMMDD.csv";
    private static final Pattern STRUCTURE_FILE = Pattern.compile("structure-(\\d{8})\\.csv");
    private static final String CSV_TYPE = "text/csv; charset=utf-8";

    private final Publications publications;
    private final Store store;
    private final CkanActions ckan;
    private final RateLimit rateLimit;
    private final ResultWriters writers = ResultWriters.defaults();
    private final PassportFiles passportFiles = new PassportFiles();
    private final ListFiles listFiles = new ListFiles();
    private final DataPackages dataPackages = new DataPackages();
    private final OpenDataPages pages = new OpenDataPages();
    private final ObjectMapper json = new ObjectMapper();
    private final byte[] stylesheet;
    /** What links start with: the configured public address, never the client's Host header (cache poisoning). */
    private final String linkBase;

    public OpenDataRoutes(Application application) {
        this(application, RateLimit.Settings.from(System.getenv()));
    }

    OpenDataRoutes(Application application, RateLimit.Settings rateLimit) {
        requireNonNull(application, "application");
        this.publications = application.openData();
        this.store = application.store();
        this.ckan = new CkanActions(publications, store);
        this.rateLimit = new RateLimit(rateLimit);
        this.stylesheet = resource("opendata-web/opendata.css");
        this.linkBase = application.config().linkBase();
    }

    public void register(JavalinConfig config) {
        for (String prefix : List.of("/opendata", "/opendata/*", "/api/3/action/*", "/api/action/*")) {
            config.routes.before(prefix, rateLimit::check);
        }
        Map<String, Handler> pages = new LinkedHashMap<>();
        pages.put("/opendata", this::catalogue);
        pages.put("/opendata/list.csv", ctx -> text(ctx, listFiles.csv(publications.catalogue(), linkBase + "/opendata/"), CSV_TYPE, lastPublished()));
        pages.put("/opendata/list.xml", ctx -> text(ctx, listFiles.xml(publications.catalogue(), linkBase + "/opendata/"),
                "application/xml; charset=utf-8", lastPublished()));
        pages.put("/opendata/list.json", ctx -> text(ctx, listFiles.json(publications.catalogue(), linkBase + "/opendata/"),
                "application/json; charset=utf-8", lastPublished()));
        pages.put("/opendata/assets/opendata.css", this::stylesheet);
        pages.put("/opendata/{id}", this::passportPage);
        pages.put("/opendata/{id}/{file}", this::file);
        pages.forEach((path, handler) -> {
            config.routes.get(path, handler);
            // Javalin answers HEAD of a GET route with an empty 200 of its own; link checkers and harvesters would
            // read "empty JSON" for every file.
            config.routes.head(path, handler);
        });
        for (String prefix : List.of("/api/3/action/{action}", "/api/action/{action}")) {
            config.routes.get(prefix, this::action);
            config.routes.post(prefix, this::action);
        }
    }

    private Instant lastPublished() {
        return ckan.lastPublished().orElse(null);
    }

    private void catalogue(Context ctx) {
        Map<String, List<PublishedVersion>> versions = new LinkedHashMap<>();
        publications.catalogue().dataSets().forEach(set -> versions.put(set.identifier(), publications.versions(set.identifier())));
        text(ctx, pages.catalogue(publications.catalogue(), versions, ctx.queryParam("q")), "text/html; charset=utf-8", lastPublished());
    }

    private void stylesheet(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        if (!Revalidation.notModified(ctx, etag(stylesheet), null)) {
            body(ctx, "text/css; charset=utf-8", stylesheet);
        }
    }

    private Optional<DataSet> dataSet(Context ctx) {
        Optional<DataSet> set = publications.catalogue().find(ctx.pathParam("id"));
        if (set.isEmpty()) {
            notFound(ctx, "Нет набора данных «" + ctx.pathParam("id") + "» / no data set '" + ctx.pathParam("id") + "'; see /opendata/list.csv");
        }
        return set;
    }

    private Passport passport(DataSet set) {
        return new Passport(set, publications.versions(set.identifier()), linkBase + "/opendata/" + set.identifier() + "/");
    }

    private void passportPage(Context ctx) {
        Optional<DataSet> set = dataSet(ctx);
        if (set.isPresent()) {
            Passport passport = passport(set.get());
            text(ctx, pages.passport(passport), "text/html; charset=utf-8", latest(passport));
        }
    }

    private static Instant latest(Passport passport) {
        return passport.versions().isEmpty() ? null : passport.versions().get(0).publishedAt();
    }

    private void file(Context ctx) throws IOException {
        Optional<DataSet> found = dataSet(ctx);
        if (found.isEmpty()) {
            return;
        }
        DataSet set = found.get();
        String file = ctx.pathParam("file");
        Passport passport = passport(set);
        switch (file) {
            case "meta.csv":
                text(ctx, passportFiles.csv(passport), CSV_TYPE, latest(passport));
                return;
            case "meta.json":
                text(ctx, passportFiles.json(passport), "application/json; charset=utf-8", latest(passport));
                return;
            case "meta.xml":
                text(ctx, passportFiles.xml(passport), "application/xml; charset=utf-8", latest(passport));
                return;
            case "datapackage.json":
                text(ctx, dataPackages.text(set, passport.versions(), passport.link()), "application/json; charset=utf-8", latest(passport));
                return;
            default:
                break;
        }
        Matcher structure = STRUCTURE_FILE.matcher(file);
        if (structure.matches()) {
            if (notADate(ctx, file, structure.group(1))) {
                return;
            }
            Optional<PublishedVersion> version = passport.versions().stream().filter(v -> v.structureFileName().equals(file)).findFirst();
            if (version.isPresent()) {
                StoredFiles.send(ctx, publications.structureFile(version.get()), CSV_TYPE,
                        "\"" + version.get().sha256().substring(0, 16) + "-" + file + "\"", version.get().publishedAt(), file);
                return;
            }
            notFound(ctx, "Нет структуры «" + file + "» в наборе " + set.identifier() + "; есть: " + structureNames(passport)
                    + " / no such structure version; there are: " + structureNames(passport));
            return;
        }
        Matcher data = DATA_FILE.matcher(file);
        if (data.matches()) {
            if (notADate(ctx, file, data.group(2)) || notADate(ctx, file, data.group(3))) {
                return;
            }
            Optional<PublishedVersion> version = passport.versions().stream().filter(v -> v.baseName().equals(data.group(1))).findFirst();
            if (version.isPresent()) {
                download(ctx, version.get(), data.group(4));
                return;
            }
            notFound(ctx, "Нет версии «" + data.group(1) + "» в наборе " + set.identifier() + "; есть: " + versionNames(passport)
                    + " / no such version; there are: " + versionNames(passport));
            return;
        }
        notFound(ctx, "Нет файла «" + file + "» в наборе " + set.identifier() + "; файлы набора: " + FILES + " / no such file; the files of a set: "
                + FILES + "; the passport lists the versions: /opendata/" + set.identifier() + "/meta.csv");
    }

    /** 400 naming the part of a version's file name that is no date: a typo, not a version that does not exist. */
    private boolean notADate(Context ctx, String file, String compact) {
        try {
            LocalDate.parse(compact, PublishedVersion.COMPACT.withResolverStyle(ResolverStyle.STRICT));
            return false;
        } catch (DateTimeParseException e) {
            ctx.status(400).contentType("application/json; charset=utf-8").result(jsonText(Map.of("status", 400, "error",
                    "«" + compact + "» в «" + file + "» — не дата ГГГГММДД / '" + compact + "' in '" + file + "' is not a date YYYYMMDD")));
            return true;
        }
    }

    private static String versionNames(Passport passport) {
        return passport.versions().isEmpty() ? "—" : String.join(", ", passport.versions().stream().map(PublishedVersion::baseName).toList());
    }

    private static String structureNames(Passport passport) {
        return passport.versions().isEmpty() ? "—"
                : String.join(", ", passport.structures().stream().map(PublishedVersion::structureFileName).toList());
    }

    private void download(Context ctx, PublishedVersion version, String extension) throws IOException {
        sendVersion(ctx, version, extension);
        if (ctx.statusCode() == 200 && !StoredFiles.isHead(ctx)) {
            // Every format carries all the version's rows; a 206 range or a 304 revalidation carries none to count.
            ctx.attribute(AuditTrail.ROWS, version.rows());
        }
    }

    private void sendVersion(Context ctx, PublishedVersion version, String extension) throws IOException {
        String etag = "\"" + version.sha256().substring(0, 32) + "-" + extension + "\"";
        String name = version.baseName() + "." + extension;
        ctx.header("X-Vitrina-Data-Version", Long.toString(version.dataVersion()));
        switch (extension) {
            case "csv":
                StoredFiles.send(ctx, publications.file(version, "csv"), CSV_TYPE, etag, version.publishedAt(), name);
                return;
            case "parquet":
                StoredFiles.send(ctx, publications.file(version, "parquet"), ResultFormat.PARQUET.contentType(), etag, version.publishedAt(), name);
                return;
            default:
                break;
        }
        if (extension.equals("xlsx") && version.rows() > XlsxWriter.MAX_DATA_ROWS) {
            ctx.status(413).contentType("application/json; charset=utf-8").result(json.writeValueAsString(Map.of("error",
                    "В версии " + version.rows() + " строк, в лист Excel помещается " + XlsxWriter.MAX_DATA_ROWS
                            + "; скачайте CSV или Parquet / the version has " + version.rows() + " rows, an Excel sheet holds "
                            + XlsxWriter.MAX_DATA_ROWS + "; download CSV or Parquet", "status", 413)));
            return;
        }
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        if (Revalidation.notModified(ctx, etag, version.publishedAt())) {
            return;
        }
        if (StoredFiles.isHead(ctx)) {
            // The length of a generated file is known only once written: the headers go out now, without a
            // Content-Length (Jetty would otherwise say 0, which reads as an empty file).
            ContentTypes.set(ctx, extension.equals("json") ? "application/json; charset=utf-8" : ResultFormat.XLSX.contentType());
            ctx.res().flushBuffer();
            return;
        }
        try (StoredRowsCursor cursor = new StoredRowsCursor(store, publications, version)) {
            OutputStream out = ctx.outputStream();
            if (extension.equals("json")) {
                ctx.contentType("application/json; charset=utf-8");
                writeJson(cursor, out);
            } else {
                ContentTypes.set(ctx, ResultFormat.XLSX.contentType());
                writers.writer(ResultFormat.XLSX).write(cursor, out);
            }
            out.flush();
        }
    }

    /** The rows as a JSON array of objects keyed by field name, streamed. */
    private void writeJson(StoredRowsCursor cursor, OutputStream out) throws IOException {
        try (JsonGenerator generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeStartArray();
            ResultSet rows = cursor.resultSet();
            int columns = cursor.columns().size();
            while (rows.next()) {
                generator.writeStartObject();
                for (int i = 0; i < columns; i++) {
                    generator.writeFieldName(cursor.names().get(i));
                    Object value = DataSetQuery.normalise(rows.getObject(i + 1));
                    if (value == null) {
                        generator.writeNull();
                    } else if (value instanceof BigDecimal) {
                        generator.writeNumber((BigDecimal) value);
                    } else if (value instanceof Boolean) {
                        generator.writeBoolean((Boolean) value);
                    } else {
                        generator.writeString(value.toString());
                    }
                }
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeRaw('\n');
        } catch (SQLException e) {
            throw new IOException("Cannot read the stored rows: " + e.getMessage(), e);
        }
    }

    private void action(Context ctx) throws IOException {
        String action = ctx.pathParam("action");
        ObjectNode envelope = json.createObjectNode();
        envelope.put("help", linkBase + "/api/3/action/help_show?name=" + action);
        try {
            ActionParameters parameters;
            boolean posted = ctx.method().name().equals("POST");
            if (posted && (ctx.isFormUrlencoded() || ctx.isMultipartFormData())) {
                // CKAN takes a form as well as JSON (ckanapi and curl -d send one): its fields are the parameters.
                parameters = ActionParameters.ofQuery(lastValues(ctx.formParamMap()));
            } else if (posted && !ctx.body().isBlank()) {
                parameters = ActionParameters.ofJson(StrictJson.read(ctx.body(), json, (ru, en) -> CkanError.validation("body", ru, en)));
            } else {
                parameters = ActionParameters.ofQuery(lastValues(ctx.queryParamMap()));
            }
            JsonNode result = ckan.call(action, parameters, linkBase, "/api/3/action/" + action);
            envelope.put("success", true);
            envelope.set("result", result);
            ctx.header("Access-Control-Allow-Origin", "*");
            ctx.status(200).contentType("application/json; charset=utf-8").result(json.writeValueAsString(envelope));
        } catch (CkanError e) {
            envelope.put("success", false);
            ObjectNode error = envelope.putObject("error");
            error.put("__type", e.type());
            error.put("message", e.getMessage());
            e.fields().forEach((field, messages) -> messages.forEach(message -> error.withArray(field).add(message)));
            ctx.status(e.status()).contentType("application/json; charset=utf-8").result(json.writeValueAsString(envelope));
        }
    }

    /** A parameter given more than once counts by its last value. */
    private static Map<String, String> lastValues(Map<String, List<String>> given) {
        Map<String, String> values = new LinkedHashMap<>();
        given.forEach((name, list) -> values.put(name, list.get(list.size() - 1)));
        return values;
    }

    private static void text(Context ctx, String body, String contentType, Instant lastModified) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Access-Control-Allow-Origin", "*");
        if (Revalidation.notModified(ctx, etag(bytes), lastModified)) {
            return;
        }
        body(ctx, contentType, bytes);
    }

    /** The bytes, or for HEAD only their type and length. */
    private static void body(Context ctx, String contentType, byte[] bytes) {
        ctx.contentType(contentType);
        if (StoredFiles.isHead(ctx)) {
            ctx.res().setContentLengthLong(bytes.length);
        } else {
            ctx.result(bytes);
        }
    }

    private void notFound(Context ctx, String message) {
        ctx.status(404).contentType("application/json; charset=utf-8").result(jsonText(Map.of("error", message, "status", 404)));
    }

    private String jsonText(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpenDataRoutes.class.getClassLoader().getResourceAsStream(name)) {
            requireNonNull(in, name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
