package ru.vitrina.opendata.dataset;

import ru.vitrina.cubes.model.LocalizedText;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The open data of one owner: the organisation that publishes (CKAN's organization) and its data sets.
 *
 * @param organization short url-safe name of the owner (CKAN organization name)
 */
public record Catalogue(String organization, LocalizedText organizationTitle, String ownerInn, List<DataSet> dataSets) {
    public Catalogue {
        requireNonNull(organization, "organization");
        requireNonNull(organizationTitle, "organizationTitle");
        requireNonNull(ownerInn, "ownerInn");
        dataSets = List.copyOf(dataSets);
        long distinct = dataSets.stream().map(DataSet::identifier).distinct().count();
        if (distinct != dataSets.size()) {
            throw new IllegalArgumentException("two data sets share an identifier");
        }
    }

    /** A data set by identifier or by its lower-case name. */
    public Optional<DataSet> find(String identifierOrName) {
        return dataSets.stream()
                .filter(set -> set.identifier().equals(identifierOrName) || set.name().equals(identifierOrName))
                .findFirst();
    }
}
