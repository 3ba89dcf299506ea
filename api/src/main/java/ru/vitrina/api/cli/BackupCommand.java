package ru.vitrina.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ru.vitrina.api.ops.BackupManifest;
import ru.vitrina.api.ops.OpsException;
import ru.vitrina.api.ops.StoreBackup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code vitrina backup --store FILE --to DIR}: a backup of a stopped server's store (read-only, the file is not changed). */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Копия хранилища остановленного сервера в папку (Parquet + контрольные суммы).",
                "Backs up the store of a stopped server into a folder (Parquet + checksums).",
                "Работающий сервер / a running server: curl -X POST http://localhost:8080/api/v1/admin/backup"})
final class BackupCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, description = "the DuckDB file, e.g. /var/lib/vitrina/vitrina.duckdb")
    Path store;

    @Option(names = "--to", required = true, description = "a folder that does not exist yet")
    Path to;

    @Override
    public Integer call() {
        try {
            BackupManifest manifest = new StoreBackup(Clock.systemUTC()).backupFile(store, to);
            System.out.println("Копия готова / backup written: " + to.toAbsolutePath());
            System.out.println("  версия данных / data version: " + (manifest.dataVersion() == null ? "none" : manifest.dataVersion())
                    + ", таблиц / tables: " + manifest.tables().size() + ", строк / rows: " + manifest.totalRows());
            return 0;
        } catch (OpsException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
