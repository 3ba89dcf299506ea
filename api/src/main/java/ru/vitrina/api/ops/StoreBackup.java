package ru.vitrina.api.ops;

import ru.vitrina.engine.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Backups as DuckDB exports (one Parquet file per table, plus schema.sql and load.sql) with a manifest of
 * checksums; restores into a new file that replaces the store only after every table is proven equal.
 *
 * <p>Why EXPORT DATABASE and not a copy of the file: it runs inside a read transaction of the live server (DuckDB
 * allows one process per file, so no other process could read it), it sees exactly one data version while loads go
 * on, and Parquet outlives DuckDB's storage format, so a backup also carries data across a DuckDB upgrade.
 */
public final class StoreBackup {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Clock clock;

    public StoreBackup(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Exports the database of {@code connection} into {@code target}, which must not exist yet. The export is
     * written to a hidden sibling folder and renamed at the end, so a folder named {@code target} is always complete.
     *
     * @param source what the backup is of (a file name), for the manifest
     */
    public BackupManifest backup(Connection connection, String source, Path target) {
        requireNonNull(connection, "connection");
        requireNonNull(source, "source");
        Path folder = requireNonNull(target, "target").toAbsolutePath();
        if (Files.exists(folder)) {
            throw new OpsException("Папка " + folder + " уже существует: копия не перезаписывает / " + folder
                    + " already exists: a backup never overwrites one");
        }
        Path partial = folder.resolveSibling("." + folder.getFileName() + ".partial");
        try {
            Files.createDirectories(folder.getParent());
            deleteRecursively(partial);
            BackupManifest manifest = exportInOneTransaction(connection, source, partial);
            manifest.write(partial);
            moveAtomically(partial, folder);
            return manifest;
        } catch (SQLException e) {
            deleteQuietly(partial);
            throw new OpsException("Копия не сделана / backup failed: " + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new OpsException("Копия не сделана, ошибка записи в " + folder + " (место на диске? права?) / backup failed "
                    + "writing " + folder + " (disk space? permissions?): " + e, e);
        }
    }

    private BackupManifest exportInOneTransaction(Connection connection, String source, Path folder) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // The version, the checksums and the export all read the same snapshot: loads committing meanwhile are
            // not in this backup, and the manifest says which version is.
            Long version = null;
            try (ResultSet rows = statement.executeQuery("SELECT max(version) FROM meta.data_version")) {
                if (rows.next()) {
                    long value = rows.getLong(1);
                    version = rows.wasNull() ? null : value;
                }
            }
            List<TableChecksum> tables = TableChecksum.all(connection);
            statement.execute("EXPORT DATABASE " + DuckDbFiles.literal(folder) + " (FORMAT parquet)");
            String duckdb;
            try (ResultSet rows = statement.executeQuery("SELECT version()")) {
                rows.next();
                duckdb = rows.getString(1);
            }
            connection.commit();
            return new BackupManifest(BackupManifest.FORMAT, clock.instant(), source, version, duckdb, tables);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Backs up a store file whose server is stopped (read-only: the file is not changed). */
    public BackupManifest backupFile(Path store, Path target) {
        try (Connection connection = DuckDbFiles.openReadOnly(store)) {
            return backup(connection, store.toAbsolutePath().toString(), target);
        } catch (SQLException e) {
            throw DuckDbFiles.explain(store, e);
        }
    }

    /**
     * Restores {@code backup} into {@code store}: imports into a new file beside it, compares every table with the
     * manifest, and only then moves the old file aside (kept as {@code NAME.before-restore-STAMP}) and the new one in.
     * The server of {@code store} must be stopped.
     */
    public RestoreResult restore(Path backup, Path store) {
        requireNonNull(backup, "backup");
        Path target = requireNonNull(store, "store").toAbsolutePath();
        BackupManifest manifest = BackupManifest.read(backup);
        if (Files.exists(target)) {
            // Fails with a clear message while a server holds the file; nothing is touched before this check.
            try (Connection probe = DuckDbFiles.openReadOnly(target)) {
                requireNonNull(probe);
            } catch (SQLException e) {
                throw DuckDbFiles.explain(target, e);
            }
        }
        Path fresh = target.resolveSibling(target.getFileName() + ".restoring");
        try {
            Files.createDirectories(target.getParent());
            Store.deleteFiles(fresh);
            List<TableChecksum> restored;
            try (Connection connection = DuckDbFiles.openWritable(fresh); Statement statement = connection.createStatement()) {
                statement.execute("IMPORT DATABASE " + DuckDbFiles.literal(backup));
                restored = TableChecksum.all(connection);
                statement.execute("CHECKPOINT");
            }
            List<String> differences = differences(manifest.tables(), restored);
            if (!differences.isEmpty()) {
                Store.deleteFiles(fresh);
                throw new OpsException("Восстановленные таблицы не совпадают с копией, хранилище не тронуто / restored tables "
                        + "differ from the backup, the store is untouched: " + String.join("; ", differences));
            }
            Path previous = null;
            if (Files.exists(target)) {
                previous = target.resolveSibling(target.getFileName() + ".before-restore-" + LocalDateTime.now(clock).format(STAMP));
                moveAtomically(target, previous);
                Path wal = target.resolveSibling(target.getFileName() + ".wal");
                if (Files.exists(wal)) {
                    moveAtomically(wal, previous.resolveSibling(previous.getFileName() + ".wal"));
                }
            }
            moveAtomically(fresh, target);
            return new RestoreResult(manifest, target, previous);
        } catch (SQLException e) {
            deleteQuietly(fresh);
            throw new OpsException("Восстановление не удалось, хранилище не тронуто / restore failed, the store is untouched: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new OpsException("Восстановление не удалось / restore failed: " + e, e);
        }
    }

    /** @param previous where the replaced store was moved, or null when there was none */
    public record RestoreResult(BackupManifest manifest, Path store, Path previous) {
    }

    static List<String> differences(List<TableChecksum> expected, List<TableChecksum> actual) {
        Map<String, TableChecksum> byName = actual.stream().collect(Collectors.toMap(TableChecksum::table, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (TableChecksum table : expected) {
            TableChecksum other = byName.remove(table.table());
            if (other == null) {
                problems.add(table.table() + ": missing");
            } else if (!other.equals(table)) {
                problems.add(table.table() + ": rows " + table.rows() + " → " + other.rows() + ", checksum "
                        + table.checksum() + " → " + other.checksum());
            }
        }
        byName.keySet().stream().sorted().forEach(name -> problems.add(name + ": not in the backup"));
        return problems;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
            Store.deleteFiles(path);
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the original failure is the one worth reporting.
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
