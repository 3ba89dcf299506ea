package ru.vitrina.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ru.vitrina.api.ops.OpsException;
import ru.vitrina.api.ops.StoreBackup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code vitrina restore --from DIR --store FILE}: restores a backup; the server of FILE must be stopped. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Восстанавливает хранилище из копии: новый файл, проверка каждой таблицы, затем замена; прежний файл сохраняется рядом.",
                "Restores a store from a backup: a new file, every table checked, then swapped in; the old file is kept beside it."})
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "a backup folder (holds vitrina-backup.json)")
    Path from;

    @Option(names = "--store", required = true, description = "the DuckDB file to create or replace")
    Path store;

    @Override
    public Integer call() {
        try {
            StoreBackup.RestoreResult result = new StoreBackup(Clock.systemUTC()).restore(from, store);
            System.out.println("Восстановлено / restored: " + result.store() + " (версия данных / data version "
                    + (result.manifest().dataVersion() == null ? "none" : result.manifest().dataVersion()) + ", таблиц / tables "
                    + result.manifest().tables().size() + ", все совпали с копией / all equal to the backup)");
            if (result.previous() != null) {
                System.out.println("Прежний файл / previous file kept as: " + result.previous());
            }
            return 0;
        } catch (OpsException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
