package ru.vitrina.opendata.ckan;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A refused action, with CKAN's HTTP status and {@code __type} (the strings ckanapi maps to its exceptions).
 *
 * @param fields for a validation error: field → messages, as CKAN puts them beside {@code __type}
 */
public final class CkanError extends RuntimeException {
    private final int status;
    private final String type;
    private final Map<String, List<String>> fields;

    private CkanError(int status, String type, String message, Map<String, List<String>> fields) {
        super(message);
        this.status = status;
        this.type = requireNonNull(type, "type");
        this.fields = Map.copyOf(fields);
    }

    public static CkanError notFound(String ru, String en) {
        return new CkanError(404, "Not Found Error", ru + " / " + en, Map.of());
    }

    /** A parameter refused: CKAN's message and field list both name it. */
    public static CkanError validation(String field, String ru, String en) {
        String message = ru + " / " + en;
        return new CkanError(409, "Validation Error", field + ": " + message, Map.of(field, List.of(message)));
    }

    public static CkanError searchQuery(String ru, String en) {
        return new CkanError(400, "Search Query Error", ru + " / " + en, Map.of());
    }

    public static CkanError unknownAction(String action) {
        String known = "package_list, package_show, package_search, resource_show, organization_list, organization_show, datastore_search, "
                + "help_show";
        return new CkanError(400, "Bad Request", "Неизвестное действие: " + action + "; есть: " + known
                + " / Bad request - Action name not known: " + action + "; known: " + known, Map.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, List<String>> fields() {
        return fields;
    }
}
