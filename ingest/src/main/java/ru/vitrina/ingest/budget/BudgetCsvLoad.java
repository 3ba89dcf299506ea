package ru.vitrina.ingest.budget;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.LoadRefused;
import ru.vitrina.ingest.load.SourceFiles;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.load.WorkFolder;
import ru.vitrina.ingest.quality.Findings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The budget job from a Treasury-style CSV export (see {@link TreasuryCsv}). One Java pass
 * ({@link TreasuryCsvLines}) hashes the file, quarantines the lines that cannot be records (undecodable bytes,
 * broken quotes, column count, a repeated header) and converts the rest into a typed work file, which DuckDB's
 * parallel reader loads into the stage ({@link BudgetStage}) to be checked and applied like the JDBC pull. Blank
 * lines carry nothing and are skipped; every other line is loaded or quarantined with its line number.
 *
 * <p>A file whose SHA-256 a published budget load has already read is skipped after the Java pass (which computes
 * it): the load ends unchanged, without a new data version or a second copy of its quarantined lines. An old extract
 * read again could only undo what later loads brought; a reconciliation ({@code reconcile}) is always applied.
 */
public final class BudgetCsvLoad implements SourceLoad {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetCsvLoad.class);

    static final String READING = "чтение файла / reading the file";

    private final Path file;
    private final boolean reconcile;
    private final long twoPartsFrom;

    public BudgetCsvLoad(Path file, boolean reconcile) {
        this(file, reconcile, TreasuryCsvLines.TWO_PARTS_FROM);
    }

    /** @param twoPartsFrom the size from which the file is converted in two parts at once (the tests split small files) */
    BudgetCsvLoad(Path file, boolean reconcile, long twoPartsFrom) {
        this.file = requireNonNull(file, "file");
        this.reconcile = reconcile;
        this.twoPartsFrom = twoPartsFrom;
    }

    @Override
    public String job() {
        return BudgetStage.JOB;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        context.stage(READING);
        BudgetLoad.requireReference(context.transaction());
        if (Files.isDirectory(file)) {
            throw new LoadRefused(file + " — папка, а не файл выгрузки / " + file + " is a folder, not a Treasury CSV file");
        }
        String name = file.getFileName().toString();
        TreasuryCsv.Encoding encoding = TreasuryCsv.detect(file);
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        try (WorkFolder work = WorkFolder.create("treasury");
             BudgetStage stage = new BudgetStage(context.transaction())) {
            TreasuryCsvLines.Prepared prepared = TreasuryCsvLines.prepare(file, encoding, work.path(), context, twoPartsFrom);
            if (!reconcile && SourceFiles.processed(context.transaction(), job()).contains(prepared.sha256())) {
                LOG.info("Файл {} уже загружен, пропущен / already loaded, skipped", name);
                return List.of(new TableCounts(BudgetStage.TARGET, 0, 0, 0));
            }
            if (!prepared.headerSeen() && prepared.written() + prepared.quarantined() == 0) {
                throw new LoadRefused("Файл " + name + " пуст / the file " + name + " is empty");
            }
            if (reconcile) {
                keepQuarantinedOperations(stage, prepared.quarantinedIds());
            }
            if (!prepared.headerSeen()) {
                // Not a reason to reject the rows (each was checked on its own), but worth recording.
                Findings.info(context.transaction(), context.loadId(), job(), BudgetStage.TARGET, "no_header", name,
                        "В файле нет строки заголовка / the file has no header line");
            }
            context.progress(prepared.lines(), prepared.lines());
            stage.stageCsv(new TreasuryCsvSql(prepared.typed(), prepared.longestLine()), prepared.written(),
                    into -> {
                        // The quarantined rows' lines are read again from the file: it must still be the one read.
                        if (Files.size(file) != size || !Files.getLastModifiedTime(file).equals(modified)) {
                            throw new LoadRefused("Файл " + name + " изменился во время загрузки"
                                    + " / the file " + name + " changed during the load");
                        }
                        TreasuryCsvLines.rawLines(file, encoding, into);
                    }, prepared.ids());
            BudgetStage.Applied applied = stage.apply(context, name, reconcile);
            if (applied.staged() != prepared.written()) {
                throw new IllegalStateException("DuckDB прочитал " + applied.staged() + " строк из " + prepared.written()
                        + " / DuckDB read " + applied.staged() + " of the " + prepared.written() + " lines written for it");
            }
            context.sourceFile(name + " (" + encoding.charset().name() + (encoding.bomBytes() > 0 ? ", BOM" : "")
                    + (reconcile ? ", полная сверка / full reconciliation" : "") + "): "
                    + BudgetLoad.describe(applied), prepared.sha256());
            return List.of(new TableCounts(BudgetStage.TARGET, applied.staged() + prepared.quarantined(),
                    applied.loaded(), applied.quarantined() + prepared.quarantined()));
        }
    }

    /**
     * The operations of the lines the pass quarantined stay in the store through a full reconciliation; a line that
     * names no operation could be any of them, so then no deletion can be trusted and the reconciliation is refused.
     */
    private void keepQuarantinedOperations(BudgetStage stage, TreasuryCsvLines.QuarantinedIds quarantined) throws SQLException {
        if (quarantined.unnamed() > 0) {
            throw new LoadRefused("Полная сверка отменена: в " + quarantined.unnamed() + " строках карантина не прочитан"
                    + " идентификатор операции, и нельзя сказать, какие операции удалены / full reconciliation refused: "
                    + quarantined.unnamed() + " quarantined lines name no operation id, so the operations missing from the"
                    + " file cannot be told from them");
        }
        stage.keep(quarantined.ids());
    }
}
