package ru.vitrina.opendata.ckan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.engine.store.Store;
import ru.vitrina.engine.store.StoreException;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.publish.DataSetQuery;
import ru.vitrina.opendata.publish.PublishedVersion;
import ru.vitrina.opendata.publish.Publications;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The subset of CKAN's Action API that harvesters and {@code ckanapi} use, over the published versions: packages
 * are data sets, resources are their dated versions, and {@code datastore_search} pages through a version's stored
 * rows (DuckDB over its Parquet file), so a client sees exactly the rows of the CSV download.
 */
public final class CkanActions {
    public static final int DATASTORE_DEFAULT_LIMIT = 100;
    public static final int DATASTORE_MAX_LIMIT = 32_000;
    public static final int SEARCH_DEFAULT_ROWS = 10;
    public static final int SEARCH_MAX_ROWS = 1000;
    /** The fields package_search sorts by, as its refusals name them. */
    private static final String SORTABLE = "id, name, title_string, metadata_modified, metadata_created";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** What each action does, for {@code help_show} (CKAN answers with the action's docstring; this is its gist). */
    private static final Map<String, String> HELP = Map.of(
            "package_list", "Return the names of the data sets. Parameters: limit, offset.",
            "package_show", "Return one data set with its resources (dated versions). Parameters: id (name or identifier).",
            "package_search", "Search the data sets. Parameters: q, fq (organization:, tags:, res_format:, metadata_modified:[from TO to]),"
                    + " sort, rows, start.",
            "resource_show", "Return one resource (a dated version of a data set). Parameters: id.",
            "organization_list", "Return the organizations (one: the publisher). Parameters: all_fields.",
            "organization_show", "Return the publisher. Parameters: id.",
            "datastore_search", "Page through the rows of a resource. Parameters: resource_id, filters, q, sort, limit, offset, fields,"
                    + " include_total, records_format.",
            "help_show", "Return what an action does. Parameters: name.");

    private final Publications publications;
    private final Store store;
    private final ObjectMapper json = new ObjectMapper();

    public CkanActions(Publications publications, Store store) {
        this.publications = requireNonNull(publications, "publications");
        this.store = requireNonNull(store, "store");
    }

    /**
     * @param base     what resource URLs start with: the site's public address without a trailing slash, or "" for
     *                 links relative to the site's root
     * @param apiPath  the path the action was called at, for {@code _links}
     */
    public JsonNode call(String action, ActionParameters parameters, String base, String apiPath) {
        switch (action) {
            case "package_list":
                return packageList(parameters);
            case "package_show":
                return packageDict(dataSet(parameters.required("id")), base);
            case "package_search":
                return packageSearch(parameters, base);
            case "organization_list":
                return organizationList(parameters);
            case "organization_show":
                return organizationShow(parameters.required("id"));
            case "resource_show":
                return resourceShow(parameters.required("id"), base);
            case "datastore_search":
                return datastoreSearch(parameters, apiPath);
            case "help_show":
                return helpShow(parameters.required("name"));
            default:
                throw CkanError.unknownAction(action);
        }
    }

    private JsonNode helpShow(String name) {
        String help = HELP.get(name);
        if (help == null) {
            throw CkanError.notFound("Нет действия «" + name + "»", "Not found: no action '" + name + "'");
        }
        return json.getNodeFactory().textNode(help);
    }

    private Catalogue catalogue() {
        return publications.catalogue();
    }

    private DataSet dataSet(String id) {
        return catalogue().find(id).orElseThrow(() -> CkanError.notFound("Нет набора данных «" + id + "»", "Not found: no data set '" + id + "'"));
    }

    private JsonNode packageList(ActionParameters parameters) {
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = parameters.integer("limit", Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        ArrayNode names = json.createArrayNode();
        catalogue().dataSets().stream().map(DataSet::name).sorted().skip(offset).limit(limit).forEach(names::add);
        return names;
    }

    private ObjectNode organization() {
        Catalogue catalogue = catalogue();
        ObjectNode organization = json.createObjectNode();
        organization.put("id", catalogue.organization());
        organization.put("name", catalogue.organization());
        organization.put("title", catalogue.organizationTitle().ru());
        organization.put("display_name", catalogue.organizationTitle().ru());
        organization.put("description", catalogue.organizationTitle().en() + " (ИНН " + catalogue.ownerInn() + ")");
        organization.put("type", "organization");
        organization.put("is_organization", true);
        organization.put("state", "active");
        organization.put("approval_status", "approved");
        organization.put("package_count", catalogue.dataSets().size());
        return organization;
    }

    private JsonNode organizationList(ActionParameters parameters) {
        ArrayNode list = json.createArrayNode();
        if (parameters.bool("all_fields", false)) {
            list.add(organization());
        } else {
            list.add(catalogue().organization());
        }
        return list;
    }

    private JsonNode organizationShow(String id) {
        if (!id.equals(catalogue().organization())) {
            throw CkanError.notFound("Нет организации «" + id + "»", "Not found: no organization '" + id + "'");
        }
        return organization();
    }

    ObjectNode packageDict(DataSet set, String base) {
        List<PublishedVersion> versions = publications.versions(set.identifier());
        String link = base + "/opendata/" + set.identifier() + "/";
        ObjectNode dict = json.createObjectNode();
        dict.put("id", set.identifier());
        dict.put("name", set.name());
        dict.put("title", set.title().ru());
        dict.put("notes", set.description().ru());
        dict.put("url", link);
        dict.put("license_id", set.licence().id());
        dict.put("license_title", set.licence().title());
        dict.put("license_url", set.licence().url());
        dict.put("author", set.creator().ru());
        dict.put("maintainer", set.publisher().name());
        dict.put("maintainer_email", set.publisher().mbox());
        dict.put("metadata_created", versions.isEmpty() ? null : ISO.format(versions.get(versions.size() - 1).publishedAt()));
        dict.put("metadata_modified", versions.isEmpty() ? null : ISO.format(versions.get(0).publishedAt()));
        dict.put("state", "active");
        dict.put("private", false);
        dict.put("type", "dataset");
        dict.put("owner_org", catalogue().organization());
        dict.set("organization", organization());
        ArrayNode tags = dict.putArray("tags");
        set.keywords().forEach(keyword -> tags.addObject().put("name", keyword).put("display_name", keyword).put("state", "active"));
        ArrayNode extras = dict.putArray("extras");
        extra(extras, "standardversion", "http://opendata.gosmonitor.ru/standard/3.0");
        extra(extras, "identifier", set.identifier());
        extra(extras, "creator", set.creator().ru());
        extra(extras, "periodicity", set.periodicity().ru());
        extra(extras, "source", set.source().title().ru());
        set.source().link().ifPresent(url -> extra(extras, "source_url", url));
        extra(extras, "publishername", set.publisher().name());
        extra(extras, "publisherphone", set.publisher().phone());
        extra(extras, "publishermbox", set.publisher().mbox());
        if (!versions.isEmpty()) {
            extra(extras, "provenance", versions.get(0).provenance());
            extra(extras, "valid", PublishedVersion.COMPACT.format(versions.get(0).dataDate().plusDays(set.validDays())));
        }
        ArrayNode resources = dict.putArray("resources");
        for (int i = 0; i < versions.size(); i++) {
            resources.add(resourceDict(set, versions.get(i), i, link));
        }
        dict.put("num_resources", versions.size());
        dict.put("num_tags", set.keywords().size());
        return dict;
    }

    /** One version as a CKAN resource dict, as package_show lists it and resource_show returns it. */
    private ObjectNode resourceDict(DataSet set, PublishedVersion version, int position, String link) {
        ObjectNode resource = json.createObjectNode();
        resource.put("id", version.resourceId());
        resource.put("package_id", set.identifier());
        resource.put("name", version.baseName());
        resource.put("description", "Версия от " + version.dataDate() + ", строк: " + version.rows() + " / Version of " + version.dataDate()
                + ", rows: " + version.rows());
        resource.put("url", link + version.baseName() + ".csv");
        resource.put("format", "CSV");
        resource.put("mimetype", "text/csv");
        resource.put("size", version.bytes());
        resource.put("hash", "sha256:" + version.sha256());
        resource.put("created", ISO.format(version.publishedAt()));
        resource.put("last_modified", ISO.format(version.publishedAt()));
        resource.put("datastore_active", true);
        resource.put("position", position);
        resource.put("state", "active");
        return resource;
    }

    /** A resource (a dated version) by its id, as package_show lists it. */
    private JsonNode resourceShow(String id, String base) {
        PublishedVersion version = resource(id);
        DataSet set = dataSet(version.dataSet());
        List<PublishedVersion> versions = publications.versions(set.identifier());
        int position = versions.stream().map(PublishedVersion::resourceId).toList().indexOf(version.resourceId());
        return resourceDict(set, version, position, base + "/opendata/" + set.identifier() + "/");
    }

    private static void extra(ArrayNode extras, String key, String value) {
        extras.addObject().put("key", key).put("value", value);
    }

    private JsonNode packageSearch(ActionParameters parameters, String base) {
        String q = parameters.text("q").map(String::trim).filter(v -> !v.isEmpty() && !v.equals("*:*")).orElse(null);
        FilterQuery filters = FilterQuery.parse(parameters.text("fq").orElse(""));
        int rows = parameters.integer("rows", SEARCH_DEFAULT_ROWS, 0, SEARCH_MAX_ROWS);
        int start = parameters.integer("start", 0, 0, Integer.MAX_VALUE);
        String sort = parameters.text("sort").map(String::trim).filter(v -> !v.isEmpty()).orElse("score desc, metadata_modified desc");
        List<ObjectNode> found = new ArrayList<>();
        for (DataSet set : catalogue().dataSets()) {
            ObjectNode dict = packageDict(set, base);
            if ((q == null || matchesText(dict, q)) && filters.matches(dict)) {
                found.add(dict);
            }
        }
        found.sort(comparator(sort));
        ObjectNode result = json.createObjectNode();
        result.put("count", found.size());
        result.put("sort", sort);
        ArrayNode results = result.putArray("results");
        found.stream().skip(start).limit(rows).forEach(results::add);
        result.putObject("facets");
        result.putObject("search_facets");
        return result;
    }

    private static boolean matchesText(ObjectNode dict, String q) {
        String haystack = (dict.path("name").asText() + " " + dict.path("title").asText() + " " + dict.path("notes").asText() + " "
                + dict.path("tags").findValuesAsText("name")).toLowerCase(Locale.ROOT);
        for (String word : q.toLowerCase(Locale.ROOT).split("\\s+")) {
            int colon = word.indexOf(':');
            if (colon > 0 && !word.startsWith("http")) {
                if (!FilterQuery.matchesWord(dict, word)) {
                    return false;
                }
            } else if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static Comparator<ObjectNode> comparator(String sort) {
        Comparator<ObjectNode> order = null;
        for (String part : sort.split(",")) {
            String[] words = part.trim().split("\\s+");
            boolean descending = words.length > 1 && words[1].equalsIgnoreCase("desc");
            if (words.length > 2 || (words.length == 2 && !descending && !words[1].equalsIgnoreCase("asc"))) {
                throw CkanError.searchQuery("Неверная сортировка «" + part.trim() + "»", "cannot sort by '" + part.trim() + "'");
            }
            Comparator<ObjectNode> next;
            switch (words[0]) {
                case "score":
                    continue;
                case "id":
                case "name":
                case "title_string":
                case "metadata_modified":
                case "metadata_created":
                    String field = words[0].equals("title_string") ? "title" : words[0];
                    next = Comparator.comparing(dict -> dict.path(field).asText(""));
                    break;
                default:
                    throw CkanError.searchQuery("Нельзя сортировать по полю «" + words[0] + "»; можно: " + SORTABLE,
                            "cannot sort by field '" + words[0] + "'; use " + SORTABLE);
            }
            next = descending ? next.reversed() : next;
            order = order == null ? next : order.thenComparing(next);
        }
        Comparator<ObjectNode> byName = Comparator.comparing(dict -> dict.path("name").asText());
        return order == null ? byName : order.thenComparing(byName);
    }

    /** A resource id of a version, or a data set's identifier or name meaning its latest version. */
    public PublishedVersion resource(String id) {
        for (DataSet set : catalogue().dataSets()) {
            List<PublishedVersion> versions = publications.versions(set.identifier());
            if ((set.identifier().equals(id) || set.name().equals(id)) && !versions.isEmpty()) {
                return versions.get(0);
            }
            Optional<PublishedVersion> match = versions.stream().filter(v -> v.resourceId().equals(id)).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
        }
        throw CkanError.notFound("Нет ресурса «" + id + "»", "Resource \"" + id + "\" was not found.");
    }

    private JsonNode datastoreSearch(ActionParameters parameters, String apiPath) {
        PublishedVersion version = resource(parameters.required("resource_id"));
        Map<String, Field> byName = new LinkedHashMap<>();
        version.fields().forEach(field -> byName.put(field.name(), field));
        int limit = parameters.integer("limit", DATASTORE_DEFAULT_LIMIT, 0, DATASTORE_MAX_LIMIT);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        boolean includeTotal = parameters.bool("include_total", true);
        String format = parameters.text("records_format").orElse("objects");
        if (!format.equals("objects") && !format.equals("lists")) {
            throw CkanError.validation("records_format", "только objects или lists, получено " + format, "Must be objects or lists, was " + format);
        }
        List<Field> selected = selectedFields(parameters, byName);
        List<Object> arguments = new ArrayList<>();
        String where = where(parameters, byName, arguments);
        String orderBy = orderBy(parameters, byName);

        String source = "read_parquet(" + Publications.literal(publications.file(version, "parquet")) + ", file_row_number = true)";
        StringBuilder columns = new StringBuilder("file_row_number + 1 AS \"_id\"");
        selected.forEach(field -> columns.append(", ").append(quoted(field.name())));
        ObjectNode result = json.createObjectNode();
        result.put("resource_id", version.resourceId());
        ArrayNode fieldList = result.putArray("fields");
        fieldList.addObject().put("id", "_id").put("type", "int");
        for (Field field : selected) {
            ObjectNode info = fieldList.addObject().put("id", field.name()).put("type", field.type().ckan()).putObject("info");
            info.put("label", field.titleRu()).put("notes", field.titleEn());
        }
        ArrayNode records = result.putArray("records");
        try (Connection connection = store.connect()) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + columns + " FROM " + source + where
                    + " ORDER BY " + orderBy + " LIMIT " + limit + " OFFSET " + offset)) {
                bind(statement, arguments);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (format.equals("objects")) {
                            ObjectNode record = records.addObject();
                            record.put("_id", rows.getLong(1));
                            for (int i = 0; i < selected.size(); i++) {
                                record.set(selected.get(i).name(), node(rows.getObject(i + 2)));
                            }
                        } else {
                            ArrayNode record = records.addArray();
                            record.add(rows.getLong(1));
                            for (int i = 0; i < selected.size(); i++) {
                                record.add(node(rows.getObject(i + 2)));
                            }
                        }
                    }
                }
            }
            if (includeTotal) {
                try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + source + where)) {
                    bind(count, arguments);
                    try (ResultSet rows = count.executeQuery()) {
                        rows.next();
                        result.put("total", rows.getLong(1));
                        result.put("total_was_estimated", false);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the rows of " + version.resourceId() + ": " + e.getMessage(), e);
        }
        result.put("limit", limit);
        result.put("offset", offset);
        parameters.json("filters").ifPresent(filters -> result.set("filters", filters));
        parameters.text("q").ifPresent(q -> result.put("q", q));
        parameters.text("sort").ifPresent(sort -> result.put("sort", sort));
        result.put("records_format", format);
        String start = link(apiPath, parameters, null);
        result.putObject("_links").put("start", start).put("next", link(apiPath, parameters, (long) offset + limit));
        return result;
    }

    private static List<Field> selectedFields(ActionParameters parameters, Map<String, Field> byName) {
        Optional<JsonNode> given = parameters.text("fields").map(String::trim).filter(v -> !v.startsWith("[")).isPresent()
                ? Optional.empty() : parameters.json("fields");
        List<String> names = new ArrayList<>();
        if (given.isPresent()) {
            if (!given.get().isArray()) {
                throw CkanError.validation("fields", "нужен список полей или их перечень через запятую", "Must be a list or a comma-separated string");
            }
            given.get().forEach(name -> names.add(name.asText()));
        } else {
            parameters.text("fields").ifPresent(text -> {
                for (String name : text.split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            });
        }
        if (names.isEmpty()) {
            return List.copyOf(byName.values());
        }
        List<Field> selected = new ArrayList<>();
        for (String name : names) {
            if (name.equals("_id")) {
                continue;
            }
            Field field = byName.get(name);
            if (field == null) {
                throw CkanError.validation("fields", "нет поля «" + name + "»; поля: " + byName.keySet(), "field \"" + name + "\" not in table; fields: " + byName.keySet());
            }
            selected.add(field);
        }
        return selected;
    }

    private static String where(ActionParameters parameters, Map<String, Field> byName, List<Object> arguments) {
        List<String> conditions = new ArrayList<>();
        Optional<JsonNode> filters = parameters.json("filters");
        if (filters.isPresent()) {
            if (!filters.get().isObject()) {
                throw CkanError.validation("filters", "ожидается объект JSON {\"поле\": значение}", "Must be a JSON object {\"field\": value}");
            }
            Iterator<Map.Entry<String, JsonNode>> entries = filters.get().fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                Field field = byName.get(entry.getKey());
                if (field == null) {
                    throw CkanError.validation("filters", "нет поля «" + entry.getKey() + "»; поля: " + byName.keySet(), "field \"" + entry.getKey() + "\" not in table; fields: " + byName.keySet());
                }
                List<JsonNode> values = new ArrayList<>();
                if (entry.getValue().isArray()) {
                    entry.getValue().forEach(values::add);
                } else {
                    values.add(entry.getValue());
                }
                if (values.isEmpty() || values.stream().anyMatch(JsonNode::isContainerNode)) {
                    throw CkanError.validation("filters", "значение «" + entry.getKey() + "» — одно значение или их список", "the value of \"" + entry.getKey() + "\" must be a value or a list of values");
                }
                if (values.stream().anyMatch(JsonNode::isNull)) {
                    // CKAN compares a filter's values with "=", which no null row passes: refused rather than 0 rows.
                    throw CkanError.validation("filters", "«" + entry.getKey() + "»: null не сравнивается ни с одним значением,"
                            + " фильтры отбирают строки по равенству значений", "\"" + entry.getKey() + "\": null matches no row,"
                            + " filters select rows whose value equals the one given");
                }
                StringBuilder in = new StringBuilder();
                for (JsonNode value : values) {
                    in.append(in.length() == 0 ? "" : ", ").append("TRY_CAST(? AS ").append(field.duckDbType()).append(')');
                    arguments.add(value.asText());
                }
                conditions.add(quoted(field.name()) + " IN (" + in + ")");
            }
        }
        Optional<String> q = parameters.text("q").map(String::trim).filter(v -> !v.isEmpty());
        if (q.isPresent()) {
            Optional<JsonNode> perField = q.get().startsWith("{") ? parameters.json("q") : Optional.empty();
            if (perField.isPresent()) {
                Iterator<Map.Entry<String, JsonNode>> entries = perField.get().fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    if (!byName.containsKey(entry.getKey())) {
                        throw CkanError.validation("q", "нет поля «" + entry.getKey() + "»", "field \"" + entry.getKey() + "\" not in table");
                    }
                    conditions.add("CAST(" + quoted(entry.getKey()) + " AS VARCHAR) ILIKE ?");
                    arguments.add("%" + entry.getValue().asText() + "%");
                }
            } else {
                List<String> any = new ArrayList<>();
                for (Field field : byName.values()) {
                    any.add("CAST(" + quoted(field.name()) + " AS VARCHAR) ILIKE ?");
                    arguments.add("%" + q.get() + "%");
                }
                conditions.add("(" + String.join(" OR ", any) + ")");
            }
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String orderBy(ActionParameters parameters, Map<String, Field> byName) {
        List<String> terms = new ArrayList<>();
        for (String part : parameters.text("sort").orElse("").split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] words = part.trim().split("\\s+");
            String name = words[0].replace("\"", "");
            if (!name.equals("_id") && !byName.containsKey(name)) {
                throw CkanError.validation("sort", "нет поля «" + name + "»", "field \"" + name + "\" not in table");
            }
            String direction = "ASC";
            String nulls = "";
            int next = 1;
            if (words.length > next && (words[next].equalsIgnoreCase("asc") || words[next].equalsIgnoreCase("desc"))) {
                direction = words[next].toUpperCase(Locale.ROOT);
                next++;
            }
            if (words.length == next + 2 && words[next].equalsIgnoreCase("nulls")
                    && (words[next + 1].equalsIgnoreCase("first") || words[next + 1].equalsIgnoreCase("last"))) {
                nulls = " NULLS " + words[next + 1].toUpperCase(Locale.ROOT);
                next += 2;
            }
            if (words.length != next) {
                throw CkanError.validation("sort", "неверная сортировка «" + part.trim() + "»: пишите \"поле [asc|desc] [nulls first|last]\"", "cannot sort by '" + part.trim() + "': use \"field [asc|desc] [nulls first|last]\"");
            }
            terms.add(quoted(name) + " " + direction + nulls);
        }
        terms.add("\"_id\"");
        return String.join(", ", terms);
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static void bind(PreparedStatement statement, List<Object> arguments) throws SQLException {
        for (int i = 0; i < arguments.size(); i++) {
            statement.setObject(i + 1, arguments.get(i));
        }
    }

    private JsonNode node(Object raw) {
        Object value = DataSetQuery.normalise(raw);
        if (value == null) {
            return json.nullNode();
        }
        if (value instanceof BigDecimal) {
            return json.getNodeFactory().numberNode((BigDecimal) value);
        }
        if (value instanceof Boolean) {
            return json.getNodeFactory().booleanNode((Boolean) value);
        }
        if (value instanceof LocalDate) {
            return json.getNodeFactory().textNode(value.toString());
        }
        return json.getNodeFactory().textNode(value.toString());
    }

    /** The same call at another offset (CKAN's {@code _links}); null offset gives the first page. */
    private static String link(String apiPath, ActionParameters parameters, Long offset) {
        StringBuilder link = new StringBuilder(apiPath);
        char separator = '?';
        for (Map.Entry<String, JsonNode> entry : parameters.values().entrySet()) {
            if (entry.getKey().equals("offset")) {
                continue;
            }
            JsonNode value = entry.getValue();
            link.append(separator).append(encode(entry.getKey())).append('=').append(encode(value.isTextual() ? value.asText() : value.toString()));
            separator = '&';
        }
        if (offset != null) {
            link.append(separator).append("offset=").append(offset);
        }
        return link.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** For Last-Modified of an action answer: when the newest version of any data set was published. */
    public Optional<Instant> lastPublished() {
        return catalogue().dataSets().stream().flatMap(set -> publications.versions(set.identifier()).stream().findFirst().stream())
                .map(PublishedVersion::publishedAt).max(Comparator.naturalOrder());
    }
}
