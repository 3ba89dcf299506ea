package ru.vitrina.engine.store;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The DuckDB database file that holds every domain's tables (see schema.sql).
 * One database instance per process; each caller gets its own connection from {@link #connect()}.
 */
public final class Store implements AutoCloseable {
    private final DuckDBConnection database;
    private final String location;
    /** The last published version, kept in memory so that a cache lookup costs no round trip to DuckDB. */
    private final AtomicReference<DataVersion> published = new AtomicReference<>();
    /**
     * Counts the commits of publications, odd while one is under way: a reader outside a transaction knows which
     * version it read when no publication committed while it read ({@link #mark()}, {@link #unchangedSince}).
     */
    private final AtomicLong commits = new AtomicLong();
    /** Tables derived from the data (rollups, open data), brought up to date inside every publication so they never lag behind it. */
    private final List<Derivation> derivations = new CopyOnWriteArrayList<>();

    private Store(DuckDBConnection database, String location) {
        this.database = requireNonNull(database, "database");
        this.location = requireNonNull(location, "location");
    }

    /** Deletes a closed store's database file and its write-ahead log, which DuckDB keeps beside it. */
    public static void deleteFiles(Path file) throws IOException {
        requireNonNull(file, "file");
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static Store open(Path file) {
        requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of the store " + file, e);
        }
        return open("jdbc:duckdb:" + file.toAbsolutePath(), file.toAbsolutePath().toString());
    }

    /** A store that lives in memory only, for tests and benchmarks. */
    public static Store inMemory() {
        return open("jdbc:duckdb:", ":memory:");
    }

    private static Store open(String url, String location) {
        Properties properties = new Properties();
        // Closed networks: never download an extension at run time.
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "true");
        // Exports stream: without this DuckDB materialises a whole answer in native memory before the first row.
        properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        try {
            DuckDBConnection database = (DuckDBConnection) DriverManager.getConnection(url, properties);
            Store store = new Store(database, location);
            store.applySchema();
            store.published.set(store.currentVersion().orElse(null));
            return store;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("Ambiguous reference to catalog or schema")) {
                // DuckDB names the database after its file, and a file named like one of the store's schemas hides it.
                throw new StoreException("Файл хранилища назван так же, как схема в нём (budget, meta, ref …): переименуйте"
                        + " его, например в vitrina.duckdb / the store's file is named like one of its schemas (budget,"
                        + " meta, ref …): rename it, e.g. to vitrina.duckdb — " + location, e);
            }
            throw new StoreException("Cannot open the store " + location + ": " + e.getMessage(), e);
        }
    }

    private void applySchema() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(resource("schema.sql"));
        }
    }

    private static String resource(String name) {
        try (InputStream in = Store.class.getResourceAsStream(name)) {
            requireNonNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new connection to the one database; close it when done. */
    public Connection connect() {
        try {
            return database.duplicate();
        } catch (SQLException e) {
            throw new StoreException("Cannot connect to the store " + location + ": " + e.getMessage(), e);
        }
    }

    public String location() {
        return location;
    }

    /** Adds work that every later publication runs after its own, in the same transaction. */
    public void derive(Derivation work) {
        derivations.add(requireNonNull(work, "work"));
    }

    /** The version published last by this process (or found at open), without asking DuckDB. */
    public Optional<DataVersion> publishedVersion() {
        return Optional.ofNullable(published.get());
    }

    /**
     * The published version before a read that runs outside a transaction (one statement in auto-commit): the read
     * saw exactly that version when {@link #unchangedSince} holds afterwards. It saves the answer a transaction of
     * its own and a statement to read the version, which cost DuckDB as much as a small rollup query (profiled).
     * Only this process writes the file (DuckDB locks it), so every publication passes through {@link #publish}.
     */
    public VersionMark mark() {
        long sequence = commits.get();
        return new VersionMark(sequence, published.get());
    }

    /** Whether no publication committed since {@code mark} was taken (nor was committing then). */
    public boolean unchangedSince(VersionMark mark) {
        return (mark.sequence() & 1) == 0 && commits.get() == mark.sequence();
    }

    /** @param version the published version when the mark was taken, null before the first publication */
    public record VersionMark(long sequence, DataVersion version) {
    }

    /** The version readers see now, or empty when nothing has been published yet. */
    public Optional<DataVersion> currentVersion() {
        try (Connection connection = connect()) {
            return DataVersion.current(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the data version: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction and publishes a new data version with it:
     * readers see all of the work or none of it. The work does not say what it wrote, so everything derived is
     * derived again.
     */
    public DataVersion publish(String publishedBy, String note, StoreWork work) {
        requireNonNull(work, "work");
        return publishDeclared(publishedBy, note, transaction -> {
            work.write(transaction);
            return Written.everything();
        });
    }

    /**
     * {@link #publish} of work that says which tables it wrote: only the derived tables that read one of them are
     * derived again (rebuilding every rollup and data set made one approved indicator value cost seconds).
     */
    public DataVersion publishDeclared(String publishedBy, String note, DeclaredWork work) {
        requireNonNull(publishedBy, "publishedBy");
        requireNonNull(work, "work");
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                beginNow(connection);
                Written written = requireNonNull(work.write(connection), "written");
                DataVersion version = DataVersion.insertNext(connection, publishedBy, note);
                for (Derivation derived : derivations) {
                    derived.write(connection, version, written);
                }
                commits.incrementAndGet();
                try {
                    connection.commit();
                    published.set(version);
                } finally {
                    commits.incrementAndGet();
                }
                return version;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Publication by " + publishedBy + " failed and was rolled back: " + e.getMessage(), e);
        }
    }

    /**
     * DuckDB begins a transaction at its first statement; an Appender created before that would commit on its own,
     * outside the publication. One statement first makes every write of the work part of the transaction.
     */
    private static void beginNow(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    @Override
    public void close() {
        try {
            database.close();
        } catch (SQLException e) {
            throw new StoreException("Cannot close the store " + location, e);
        }
    }

    /**
     * Tables derived from the data of a version, written in the transaction that publishes it; {@code written} says
     * which tables that publication wrote, so a derivation that reads none of them may keep what it has.
     */
    @FunctionalInterface
    public interface Derivation {
        void write(Connection transaction, DataVersion version, Written written) throws SQLException;
    }

    /** Writes of one publication, all inside its transaction, that say which tables they wrote. */
    @FunctionalInterface
    public interface DeclaredWork {
        Written write(Connection transaction) throws SQLException;
    }

    /** Writes of one publication, all inside its transaction. */
    @FunctionalInterface
    public interface StoreWork {
        void write(Connection transaction) throws SQLException;
    }
}
