package ru.vitrina.opendata.v3;

import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.publish.PublishedVersion;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The passport of a data set as the recommendations v3.0 define it, computed once from the data set and its
 * versions and then written as meta.csv, meta.json, meta.xml and the HTML page.
 *
 * @param versions newest first
 * @param link     the absolute address of the data set's folder, ending with a slash
 */
public record Passport(DataSet dataSet, List<PublishedVersion> versions, String link) {
    public static final String STANDARD = "http://opendata.gosmonitor.ru/standard/3.0";

    public Passport {
        requireNonNull(dataSet, "dataSet");
        versions = List.copyOf(versions);
        requireNonNull(link, "link");
    }

    public String created() {
        return versions.isEmpty() ? "" : compact(versions.get(versions.size() - 1).dataDate());
    }

    public String modified() {
        return versions.isEmpty() ? "" : compact(versions.get(0).dataDate());
    }

    public String provenance() {
        return versions.isEmpty() ? "" : versions.get(0).provenance();
    }

    /** The date until which the latest version is expected to stay current. */
    public String valid() {
        return versions.isEmpty() ? "" : valid(versions.get(0));
    }

    public String valid(PublishedVersion version) {
        return compact(version.dataDate().plusDays(dataSet.validDays()));
    }

    public String subject() {
        return String.join(", ", dataSet.keywords());
    }

    public String dataLink(PublishedVersion version) {
        return link + version.baseName() + ".csv";
    }

    public String structureLink(PublishedVersion version) {
        return link + version.structureFileName();
    }

    /** Structure versions, newest first, each with the first version that used it. */
    public List<PublishedVersion> structures() {
        Map<LocalDate, PublishedVersion> byDate = new LinkedHashMap<>();
        for (PublishedVersion version : versions) {
            byDate.putIfAbsent(version.structureDate(), version);
        }
        return new ArrayList<>(byDate.values());
    }

    public static String compact(LocalDate date) {
        return PublishedVersion.COMPACT.format(date);
    }
}
