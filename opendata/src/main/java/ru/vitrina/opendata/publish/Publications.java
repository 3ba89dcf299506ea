package ru.vitrina.opendata.publish;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;
import ru.vitrina.engine.store.Written;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.dataset.FieldType;
import ru.vitrina.opendata.v3.Csv;
import ru.vitrina.opendata.v3.StructureFile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The dated versions of every data set. Runs inside every publication of the store (as the rollups do), so a data
 * set is only ever read from a complete data version and its version row commits together with the data: each data
 * set's rows are written to a CSV file while hashed, and only a changed hash or structure makes a new dated version, whose files
 * (CSV, Parquet, structure) go to {@code <folder>/<identifier>/}. Old versions stay, and stay downloadable. Two
 * changes on one day make one version of that day (the file names carry the date only), holding the later content.
 *
 * <p>Files are written before the transaction commits: when it rolls back, a file may stay without its version row
 * (never listed, overwritten by the next version of that day); a listed version always has its files.
 */
public final class Publications {
    private static final String SCHEMA = "opendata";
    private static final String VERSIONS = SCHEMA + ".version";
    private static final String CHECKED = SCHEMA + ".checked";

    private final Catalogue catalogue;
    private final Map<String, DataSetQuery> queries = new LinkedHashMap<>();
    private final Store store;
    private final Path folder;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** @param folder where the files of every version live (one sub-folder per data set) */
    public Publications(Catalogue catalogue, QueryEngine engine, Store store, Path folder, Clock clock) {
        this.catalogue = requireNonNull(catalogue, "catalogue");
        this.store = requireNonNull(store, "store");
        this.folder = requireNonNull(folder, "folder");
        this.clock = requireNonNull(clock, "clock");
        for (DataSet set : catalogue.dataSets()) {
            queries.put(set.identifier(), new DataSetQuery(set, engine));
        }
        createTables();
    }

    /** The folder of the store's open data: next to the database file, or a temporary one for a store in memory. */
    public static Path folderOf(Store store) {
        if (store.location().equals(":memory:")) {
            try {
                return Files.createTempDirectory("vitrina-opendata");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Path.of(store.location() + ".opendata");
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Publishes inside every later publication of the store, and now: every set if the current data version was never
     * looked at, else the sets whose files do not match their definition — a set added to the catalogue (no version
     * yet) or one whose fields changed — which would otherwise wait for the next load of their source, perhaps a
     * month, listed with no data.
     */
    public void attach() {
        store.derive(this::publish);
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            Optional<DataVersion> version = DataVersion.current(connection);
            if (version.isPresent() && !checked(connection, version.get())) {
                publish(connection, version.get(), Written.everything());
            } else if (version.isPresent()) {
                for (DataSetQuery query : queries.values()) {
                    Optional<PublishedVersion> latest = versions(connection, query.dataSet().identifier()).stream().findFirst();
                    if (latest.isEmpty() || !StructureFile.write(latest.get().fields()).equals(StructureFile.write(query.fields()))) {
                        publish(connection, version.get(), query, "Изменён состав полей набора (версия данных " + version.get().version() + ")");
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("Cannot publish open data: " + e.getMessage(), e);
        }
    }

    private void createTables() {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE TABLE IF NOT EXISTS " + VERSIONS + " (dataset VARCHAR NOT NULL, data_date DATE NOT NULL, "
                    + "structure_date DATE NOT NULL, sha256 VARCHAR NOT NULL, rows BIGINT NOT NULL, bytes BIGINT NOT NULL, "
                    + "hidden_cells BIGINT NOT NULL, data_version BIGINT NOT NULL, published_at TIMESTAMP NOT NULL, "
                    + "provenance VARCHAR NOT NULL, fields VARCHAR NOT NULL, PRIMARY KEY (dataset, data_date))");
            statement.execute("CREATE TABLE IF NOT EXISTS " + CHECKED + " (data_version BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw new StoreException("Cannot create the open data tables: " + e.getMessage(), e);
        }
    }

    private static boolean checked(Connection connection, DataVersion version) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("SELECT count(*) FROM " + CHECKED + " WHERE data_version = ?")) {
            check.setLong(1, version.version());
            try (ResultSet rows = check.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /**
     * Looks, in the transaction that publishes {@code version}, at every data set whose query reads a table the
     * publication wrote; adds a version where content changed. The others cannot have changed: reading and hashing
     * them all made every publication as slow as the largest set.
     */
    public void publish(Connection transaction, DataVersion version, Written written) throws SQLException {
        String provenance = provenance(transaction, version);
        for (DataSetQuery query : queries.values()) {
            if (written.changes(query.tablesRead(transaction))) {
                publish(transaction, version, query, provenance);
            }
        }
        try (PreparedStatement mark = transaction.prepareStatement("INSERT INTO " + CHECKED + " VALUES (?)")) {
            mark.setLong(1, version.version());
            mark.execute();
        }
    }

    private void publish(Connection transaction, DataVersion version, DataSetQuery query, String provenance) throws SQLException {
        DataSet set = query.dataSet();
        Path setFolder = folder.resolve(set.identifier());
        Path temporary = setFolder.resolve(".new-" + UUID.randomUUID() + ".csv");
        try {
            Files.createDirectories(setFolder);
            WrittenFile written = writeCsv(transaction, query, temporary);
            Optional<PublishedVersion> latest = versions(transaction, set.identifier()).stream().findFirst();
            // The structure is what structure-YYYYMMDD.csv says: names, descriptions, formats. A decimal's scale is
            // not in it (it follows the values, e.g. when every amount of a month happens to be whole roubles), so a
            // new scale alone is no new structure; a new description is, even over the same rows.
            boolean sameStructure = latest.filter(v -> StructureFile.write(v.fields()).equals(StructureFile.write(written.fields()))).isPresent();
            if (sameStructure && latest.get().sha256().equals(written.sha256())) {
                Files.delete(temporary);
                return;
            }
            LocalDate today = LocalDate.now(clock);
            LocalDate structureDate = sameStructure ? latest.get().structureDate() : today;
            // A set's first version is a first publication, whatever load happened to be the newest when it was made.
            String change = latest.isPresent() ? provenance : "Первая публикация набора (версия данных " + version.version() + ")";
            PublishedVersion published = new PublishedVersion(set.identifier(), today, structureDate, written.sha256(), written.rows(),
                    Files.size(temporary), written.hidden(), version.version(), clock.instant(), change, written.fields());
            Path csv = setFolder.resolve(published.baseName() + ".csv");
            Files.move(temporary, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(setFolder.resolve(published.structureFileName()), StructureFile.write(written.fields()), StandardCharsets.UTF_8);
            writeParquet(transaction, csv, setFolder.resolve(published.baseName() + ".parquet"), written.fields());
            record(transaction, published);
        } catch (IOException e) {
            throw new StoreException("Cannot write the open data files of " + set.identifier() + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // A leftover temporary file is harmless: its name never matches a version's.
            }
        }
    }

    private record WrittenFile(String sha256, long rows, int hidden, List<Field> fields) {
    }

    private static WrittenFile writeCsv(Connection transaction, DataSetQuery query, Path file) throws IOException, SQLException {
        MessageDigest digest = sha256();
        List<Field> fields = query.fields();
        int[] scales = new int[fields.size()];
        long[] rows = {0};
        int hidden;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest);
             Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            writer.write(Csv.line(fields.stream().map(Field::name).toList()));
            List<String> values = new ArrayList<>(fields.size());
            hidden = query.read(transaction, row -> {
                values.clear();
                for (int i = 0; i < row.length; i++) {
                    if (row[i] instanceof BigDecimal) {
                        scales[i] = Math.max(scales[i], ((BigDecimal) row[i]).scale());
                    }
                    values.add(Csv.text(row[i]));
                }
                try {
                    writer.write(Csv.line(values));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rows[0]++;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<Field> scaled = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            scaled.add(fields.get(i).type() == FieldType.NUMBER ? fields.get(i).withScale(scales[i]) : fields.get(i));
        }
        return new WrittenFile(HexFormat.of().formatHex(digest.digest()), rows[0], hidden, List.copyOf(scaled));
    }

    /** The same rows as Parquet, written by DuckDB from the CSV file with the declared types. */
    static void writeParquet(Connection connection, Path csv, Path parquet, List<Field> fields) throws SQLException, IOException {
        Path temporary = parquet.resolveSibling(".new-" + UUID.randomUUID() + ".parquet");
        StringBuilder columns = new StringBuilder();
        for (Field field : fields) {
            columns.append(columns.length() == 0 ? "" : ", ").append('\'').append(field.name()).append("': '").append(field.duckDbType()).append('\'');
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_csv(" + literal(csv) + ", header = true, delim = ',', quote = '\"', "
                    + "escape = '\"', allow_quoted_nulls = false, columns = {" + columns + "})) TO " + literal(temporary) + " (FORMAT parquet)");
        }
        Files.move(temporary, parquet, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A file path as a SQL string literal; the paths are Vitrina's own, never a user's. */
    public static String literal(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String provenance(Connection transaction, DataVersion version) throws SQLException {
        try (PreparedStatement note = transaction.prepareStatement("SELECT note FROM meta.data_version WHERE version = ?")) {
            note.setLong(1, version.version());
            try (ResultSet rows = note.executeQuery()) {
                String text = rows.next() ? rows.getString(1) : null;
                return "Обновление данных (версия данных " + version.version() + (text == null || text.isBlank() ? "" : ": " + text) + ")";
            }
        }
    }

    private void record(Connection transaction, PublishedVersion version) throws SQLException {
        try (PreparedStatement delete = transaction.prepareStatement("DELETE FROM " + VERSIONS + " WHERE dataset = ? AND data_date = ?")) {
            delete.setString(1, version.dataSet());
            delete.setObject(2, version.dataDate());
            delete.execute();
        }
        try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO " + VERSIONS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, version.dataSet());
            insert.setObject(2, version.dataDate());
            insert.setObject(3, version.structureDate());
            insert.setString(4, version.sha256());
            insert.setLong(5, version.rows());
            insert.setLong(6, version.bytes());
            insert.setLong(7, version.hiddenCells());
            insert.setLong(8, version.dataVersion());
            insert.setTimestamp(9, Timestamp.valueOf(version.publishedAt().atOffset(ZoneOffset.UTC).toLocalDateTime()));
            insert.setString(10, version.provenance());
            insert.setString(11, json.writeValueAsString(version.fields()));
            insert.execute();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The versions of a data set, newest first. */
    public List<PublishedVersion> versions(String identifier) {
        try (Connection connection = store.connect()) {
            return versions(connection, identifier);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the open data versions: " + e.getMessage(), e);
        }
    }

    private List<PublishedVersion> versions(Connection connection, String identifier) throws SQLException {
        List<PublishedVersion> versions = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT data_date, structure_date, sha256, rows, bytes, hidden_cells, "
                + "data_version, published_at, provenance, fields FROM " + VERSIONS + " WHERE dataset = ? ORDER BY data_date DESC")) {
            select.setString(1, identifier);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Instant published = rows.getTimestamp(8).toLocalDateTime().toInstant(ZoneOffset.UTC);
                    List<Field> fields = json.readValue(rows.getString(10), new TypeReference<List<Field>>() { });
                    versions.add(new PublishedVersion(identifier, rows.getObject(1, LocalDate.class), rows.getObject(2, LocalDate.class),
                            rows.getString(3), rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), published,
                            rows.getString(9), fields));
                }
            }
        } catch (IOException e) {
            throw new StoreException("A stored structure cannot be read: " + e.getMessage(), e);
        }
        return versions;
    }

    /** A version by its base name ({@code data-YYYYMMDD-structure-YYYYMMDD}). */
    public Optional<PublishedVersion> version(String identifier, String baseName) {
        return versions(identifier).stream().filter(v -> v.baseName().equals(baseName)).findFirst();
    }

    /** The file of a version in a stored format: {@code csv} or {@code parquet}. */
    public Path file(PublishedVersion version, String extension) {
        return folder.resolve(version.dataSet()).resolve(version.baseName() + "." + extension);
    }

    public Path structureFile(PublishedVersion version) {
        return folder.resolve(version.dataSet()).resolve(version.structureFileName());
    }

    /** Records a version whose files the caller has already put in place (used to publish generated sets). */
    public void register(PublishedVersion version) {
        try (Connection connection = store.connect()) {
            record(connection, version);
        } catch (SQLException e) {
            throw new StoreException("Cannot record the open data version: " + e.getMessage(), e);
        }
    }
}
