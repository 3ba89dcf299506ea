package ru.vitrina.ingest.reference;

import org.duckdb.DuckDBAppender;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.load.WorkFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Loads the ref schema (territories, population, classifiers) from the CSV files in {@code /reference/}.
 * A load replaces every ref table, so running it twice leaves the same contents.
 */
public final class ReferenceData {
    /** The job name of a reference load in meta.load and meta.data_version. */
    public static final String JOB = "reference";
    public static final String REGION_OKTMO = "69000000";
    public static final String REGION_NAME = "Томская область";

    /** The tables this loader fills, in load order. */
    public static final List<String> TABLES = List.of(
            "ref.territory", "ref.population", "ref.budget_section", "ref.expense_type",
            "ref.budget_administrator", "ref.target_article", "ref.okved_section", "ref.okpd2_section",
            "ref.okpd2_class", "ref.icd10_chapter", "ref.procurement_method");

    /** Tables copied by DuckDB's CSV reader: target, file, SELECT list over the file's columns. */
    private record CsvTable(String table, String file, String columns) {
    }

    private static final List<CsvTable> CSV_TABLES = List.of(
            new CsvTable("ref.budget_section", "budget_expense_sections.csv",
                    "code, substr(code, 1, 2) || '00', name_ru"),
            new CsvTable("ref.expense_type", "budget_expense_types.csv", "code, name_ru"),
            new CsvTable("ref.budget_administrator", "budget_administrators.csv", "code, name_ru"),
            new CsvTable("ref.target_article", "target_articles.csv", "code, name_ru, program_ru"),
            new CsvTable("ref.okved_section", "okved2_sections.csv", "section, name_ru"),
            new CsvTable("ref.okpd2_section", "okpd2_sections.csv", "section, name_ru"),
            new CsvTable("ref.okpd2_class", "okpd2_classes.csv", "code, section, name_ru"),
            new CsvTable("ref.icd10_chapter", "icd10_chapters.csv", "code, blocks, name_ru, name_en"),
            new CsvTable("ref.procurement_method", "procurement_methods.csv", "code, name_ru, name_en"));

    /** Every file a load reads. */
    private static final List<String> SOURCE_FILES = List.of(
            "tomsk_oblast_mo.csv", "tomsk_oblast_mo_provenance.csv", "settlements.csv",
            "budget_expense_sections.csv", "budget_expense_types.csv", "budget_administrators.csv",
            "target_articles.csv", "okved2_sections.csv", "okpd2_sections.csv", "okpd2_classes.csv",
            "icd10_chapters.csv", "procurement_methods.csv");

    private final ReferenceFiles files;

    public ReferenceData() {
        this(new ReferenceFiles());
    }

    public ReferenceData(ReferenceFiles files) {
        this.files = requireNonNull(files, "files");
    }

    /**
     * Replaces the contents of every ref table inside the caller's transaction.
     *
     * @param loadId written into ref.population.load_id
     * @return rows per table, in {@link #TABLES} order
     */
    public Map<String, Long> load(Connection transaction, long loadId) throws SQLException {
        requireNonNull(transaction, "transaction");
        try (Statement statement = transaction.createStatement()) {
            // A DuckDB appender joins the connection's transaction only once a statement has started it,
            // so these deletes must run before the appenders below are created.
            for (String table : TABLES) {
                statement.execute("DELETE FROM " + table);
            }
        }
        try (WorkFolder work = WorkFolder.create("reference")) {
            Path folder = work.path();
            try (Statement statement = transaction.createStatement()) {
                for (CsvTable csv : CSV_TABLES) {
                    Path file = files.extract(csv.file(), folder);
                    statement.execute("INSERT INTO " + csv.table() + " SELECT " + csv.columns()
                            + " FROM read_csv(" + sqlString(file.toString())
                            + ", header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')"
                            + " ORDER BY 1");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the reference files into a work folder", e);
        }
        List<PopulationEstimate.Municipality> municipalities = loadTerritories(transaction);
        loadPopulation(transaction, municipalities, loadId);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, MetaLoad.count(transaction, table));
        }
        return counts;
    }

    /** Loads the reference data as a publication of its own (job "reference"). */
    public DataVersion publish(Store store) {
        requireNonNull(store, "store");
        LocalDateTime startedAt = LocalDateTime.now().withNano(0);
        return store.publish(JOB, "Справочники: территории, население, классификаторы", transaction -> {
            long loadId = MetaLoad.nextLoadId(transaction);
            long version = MetaLoad.nextDataVersion(transaction);
            Map<String, Long> counts = load(transaction, loadId);
            MetaLoad.recordPublished(transaction, loadId, JOB, startedAt, version,
                    "classpath:" + ReferenceFiles.FOLDER, counts, sources());
        });
    }

    /** The files a load reads, with their SHA-256, for the load's lineage. */
    public Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String file : SOURCE_FILES) {
            sources.put(ReferenceFiles.FOLDER.substring(1) + file, files.sha256(file));
        }
        return sources;
    }

    /** Region, the 20 municipal formations (tomsk_oblast_mo.csv), their settlements (settlements.csv). */
    private List<PopulationEstimate.Municipality> loadTerritories(Connection transaction) throws SQLException {
        Map<String, String> provenance = new LinkedHashMap<>();
        for (Map<String, String> row : files.rows("tomsk_oblast_mo_provenance.csv")) {
            provenance.put(row.get("oktmo"), row.get("oktmo_provenance"));
        }
        List<Map<String, String>> municipalityRows = files.rows("tomsk_oblast_mo.csv");
        List<PopulationEstimate.Municipality> municipalities = new ArrayList<>();
        try (TableAppender territories = TableAppender.open(transaction, "ref", "territory")) {
            DuckDBAppender appender = territories.rows();
            appendTerritory(appender, REGION_OKTMO, REGION_NAME, 1, "субъект РФ", null, null, false,
                    "ОКТМО субъекта: hflabs/region (см. SOURCES.md)");
            for (Map<String, String> row : municipalityRows) {
                String oktmo = row.get("oktmo");
                String kind = row.get("type");
                String source = provenance.get(oktmo);
                String note = source == null ? null
                        : (source.startsWith("inferred") ? "ОКТМО выведен, не сверен с ОК 033-2013: " : "ОКТМО: ") + source;
                appendTerritory(appender, oktmo, row.get("name_ru"), 2, kind, REGION_OKTMO, oktmo, false, note);
                String population = row.get("population");
                municipalities.add(new PopulationEstimate.Municipality(oktmo, kind,
                        population == null || population.isBlank() ? null : Long.valueOf(population)));
            }
            for (Map<String, String> row : files.rows("settlements.csv")) {
                String parent = row.get("parent_oktmo");
                appendTerritory(appender, row.get("oktmo"), row.get("name_ru"), 3, row.get("kind_ru"), parent, parent,
                        Boolean.parseBoolean(row.get("synthetic")), row.get("note"));
            }
        }
        return municipalities;
    }

    private static void appendTerritory(DuckDBAppender appender, String oktmo, String nameRu, int level, String kind,
                                        String parent, String municipality, boolean synthetic, String note)
            throws SQLException {
        appender.beginRow()
                .append(oktmo)
                .append(nameRu)
                .append(Transliteration.nameEn(nameRu))
                .append(level)
                .append(kind)
                .append(parent)
                .append(municipality)
                .append(synthetic)
                .append(note)
                .endRow();
    }

    private static void loadPopulation(Connection transaction, List<PopulationEstimate.Municipality> municipalities,
                                       long loadId) throws SQLException {
        try (TableAppender population = TableAppender.open(transaction, "ref", "population")) {
            DuckDBAppender appender = population.rows();
            for (PopulationEstimate.Row row : new PopulationEstimate(municipalities).rows(REGION_OKTMO)) {
                appender.beginRow()
                        .append(row.oktmo())
                        .append(row.year())
                        .append(row.population())
                        .append(row.estimated())
                        .append(row.source())
                        .append(loadId)
                        .endRow();
            }
        }
    }

    private static String sqlString(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
