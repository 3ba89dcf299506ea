package ru.vitrina.opendata.publish;

import ru.vitrina.opendata.dataset.Field;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One dated version of a data set: its files share the base name {@code data-YYYYMMDD-structure-YYYYMMDD}.
 *
 * @param dataSet      the data set's identifier
 * @param sha256       of the CSV file: a publication whose CSV has the same hash adds no version
 * @param hiddenCells  cells hidden by disclosure control
 * @param dataVersion  the store's data version the rows were read from
 * @param provenance   what changed (passport «Содержание последнего изменения»)
 */
public record PublishedVersion(String dataSet, LocalDate dataDate, LocalDate structureDate, String sha256, long rows,
                               long bytes, long hiddenCells, long dataVersion, Instant publishedAt, String provenance,
                               List<Field> fields) {
    public static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

    public PublishedVersion {
        requireNonNull(dataSet, "dataSet");
        requireNonNull(dataDate, "dataDate");
        requireNonNull(structureDate, "structureDate");
        requireNonNull(sha256, "sha256");
        requireNonNull(publishedAt, "publishedAt");
        requireNonNull(provenance, "provenance");
        fields = List.copyOf(fields);
    }

    /** {@code data-20261126-structure-20261120}: the file name without extension, and the CKAN resource's name. */
    public String baseName() {
        return "data-" + COMPACT.format(dataDate) + "-structure-" + COMPACT.format(structureDate);
    }

    /** {@code structure-20261120.csv}. */
    public String structureFileName() {
        return "structure-" + COMPACT.format(structureDate) + ".csv";
    }

    /** The CKAN resource id: unique over the catalogue, stable for the version. */
    public String resourceId() {
        return dataSet.toLowerCase(java.util.Locale.ROOT) + "-" + baseName();
    }
}
