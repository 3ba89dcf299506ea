package ru.vitrina.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Granularity;
import ru.vitrina.cubes.model.Hierarchy;
import ru.vitrina.cubes.model.Suggestions;
import ru.vitrina.engine.query.CubeQuery.Compare;
import ru.vitrina.engine.query.CubeQuery.DrillDown;
import ru.vitrina.engine.query.CubeQuery.OrderItem;
import ru.vitrina.engine.query.CubeQuery.Totals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Reads a query in Cube's REST format (and Vitrina's extensions) into a {@link CubeQuery}, refusing anything
 * it cannot answer with a message that names the problem and, for a mistyped member, the nearest real one.
 */
public final class QueryParser {
    private static final Set<String> KEYS = Set.of("measures", "dimensions", "timeDimensions", "filters", "order",
            "limit", "offset", "total", "segments", "timezone", "renewQuery", "ungrouped", "responseFormat",
            "drillDown", "compare", "totals");

    private final CubeModel model;
    private final DateRangeParser dates;

    /** The day a query's relative date ranges mean now: the same query text may ask other dates tomorrow. */
    public LocalDate today() {
        return dates.today();
    }

    public QueryParser(CubeModel model, DateRangeParser dates) {
        this.model = requireNonNull(model, "model");
        this.dates = requireNonNull(dates, "dates");
    }

    public CubeQuery parse(JsonNode query, QueryLimits limits) {
        if (query != null && query.isArray() && !query.isEmpty() && query.valueStream().allMatch(JsonNode::isObject)) {
            throw QueryException.badRequest("Несколько запросов в одном обращении не поддерживаются: отправьте их по одному",
                    "several queries in one request are not supported: send them one by one");
        }
        if (query == null || !query.isObject()) {
            throw QueryException.badRequest("Запрос должен быть JSON-объектом с полями measures, dimensions, …",
                    "the query must be a JSON object with measures, dimensions, …");
        }
        checkKeys(query);
        if (JsonFields.bool(query.get("ungrouped"), "ungrouped")) {
            throw QueryException.badRequest("Запросы ungrouped не поддерживаются: используйте /api/v1/sql",
                    "ungrouped queries are not supported: use /api/v1/sql");
        }
        if (!JsonFields.list(query.get("segments"), "segments").isEmpty()) {
            throw QueryException.badRequest("Сегменты (segments) не определены ни в одном кубе: используйте filters",
                    "no cube defines segments: use filters");
        }
        checkIgnored(query);
        List<MemberRef> measures = new ArrayList<>(members(query, "measures"));
        List<MemberRef> dimensions = new ArrayList<>(members(query, "dimensions"));
        List<TimeDimensionQuery> timeDimensions = new ArrayList<>(timeDimensions(query.get("timeDimensions")));
        List<Filter> filters = new ArrayList<>(filterList(query.get("filters"), "filters"));
        DrillDown drillDown = drillDown(query.get("drillDown"), dimensions, timeDimensions, filters);

        Cube cube = singleCube(measures, dimensions, timeDimensions, filters);
        measures.forEach(m -> requireKind(m, true));
        dimensions.forEach(d -> requireKind(d, false));
        if (measures.isEmpty() && dimensions.isEmpty() && timeDimensions.stream().noneMatch(TimeDimensionQuery::grouped)) {
            throw QueryException.badRequest("В запросе нет ни мер, ни измерений",
                    "the query names no measures and no dimensions");
        }
        Compare compare = compare(query.get("compare"), timeDimensions, measures);
        Totals totals = totals(query.get("totals"), measures);
        int limit = limit(query.get("limit"), limits);
        int offset = offset(query.get("offset"));
        List<OrderItem> order = order(query.get("order"), measures, dimensions, timeDimensions, compare);
        Filter filter = filters.isEmpty() ? null : filters.size() == 1 ? filters.get(0) : new Filter.And(filters);
        return new CubeQuery(cube, measures, dimensions, timeDimensions, filter, order, limit, offset,
                JsonFields.bool(query.get("total"), "total"), drillDown, compare, totals);
    }

    /**
     * Cube's fields that change nothing here, checked all the same: a mistyped one would otherwise pass unnoticed.
     * Every answer is fresh for its data version (renewQuery), the time dimensions are dates without a zone (timezone,
     * see {@link #checkTimeZone}), and the rows are written in Cube's default shape.
     */
    private static void checkIgnored(JsonNode query) {
        JsonFields.bool(query.get("renewQuery"), "renewQuery");
        String zone = JsonFields.optionalText(query.get("timezone"), "timezone");
        if (zone != null) {
            checkTimeZone(zone);
        }
        String format = JsonFields.optionalText(query.get("responseFormat"), "responseFormat");
        if (format != null && !format.equals("default")) {
            throw QueryException.badRequest("Поле responseFormat: поддерживается только \"default\", получено «" + format + "»",
                    "responseFormat: only \"default\" is supported, got '" + format + "'");
        }
    }

    /**
     * Cube converts timestamps to a query's time zone before cutting them into days, months and years. Every time
     * dimension here is a calendar date as the source system recorded it (schema.sql holds no instant: its DATE columns
     * are days of the region's calendar), which a zone does not move into another day: the answer is the same in any
     * zone, so a client that always sends its own (Cube's Playground sends the browser's) is answered, and only a name
     * that is no zone at all is refused.
     */
    private static void checkTimeZone(String zone) {
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw QueryException.badRequest("Поле timezone: неизвестный часовой пояс «" + zone + "», ожидается имя IANA, например Europe/Moscow",
                    "timezone: unknown time zone '" + zone + "'; expected an IANA name such as Europe/Moscow");
        }
    }

    private static void checkKeys(JsonNode query) {
        Iterator<String> names = query.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw QueryException.badRequest("Неизвестное поле запроса «" + key + "»",
                        "unknown query field '" + key + "'" + Suggestions.didYouMean(key, KEYS.stream()));
            }
        }
    }

    private List<MemberRef> members(JsonNode query, String field) {
        List<MemberRef> result = new ArrayList<>();
        for (String name : JsonFields.texts(query.get(field), field)) {
            MemberRef member = member(name);
            if (result.stream().anyMatch(m -> m.key().equals(member.key()))) {
                throw QueryException.badRequest("Член «" + member.key() + "» указан в " + field + " дважды",
                        "member '" + member.key() + "' appears twice in " + field);
            }
            result.add(member);
        }
        return result;
    }

    /** Resolves {@code cube.member}, with a suggestion when the name is mistyped. */
    public MemberRef member(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            throw QueryException.badRequest("Имя члена «" + name + "» должно иметь вид «куб.член», например budget.fact",
                    "member name '" + name + "' must look like 'cube.member', e.g. budget.fact");
        }
        String cubeName = name.substring(0, dot);
        String memberName = name.substring(dot + 1);
        Cube cube = model.cube(cubeName).orElseThrow(() -> QueryException.badRequest(
                "Неизвестный куб «" + cubeName + "»",
                "unknown cube '" + cubeName + "'" + Suggestions.didYouMean(cubeName, model.cubes().stream().map(Cube::name))));
        var measure = cube.measure(memberName).filter(m -> m.isPublic());
        if (measure.isPresent()) {
            return new MemberRef(cube, measure.get(), null);
        }
        var dimension = cube.dimension(memberName).filter(d -> d.isPublic());
        if (dimension.isPresent()) {
            return new MemberRef(cube, null, dimension.get());
        }
        throw QueryException.badRequest("В кубе «" + cubeName + "» нет члена «" + memberName + "»",
                "cube '" + cubeName + "' has no member '" + memberName + "'" + Suggestions.didYouMean(name, model.memberNames()));
    }

    private static void requireKind(MemberRef member, boolean measure) {
        if (member.isMeasure() != measure) {
            throw QueryException.badRequest(
                    "«" + member.key() + "» — " + (member.isMeasure() ? "мера" : "измерение") + ", а не "
                            + (measure ? "мера" : "измерение") + ": перенесите его в " + (measure ? "dimensions" : "measures"),
                    "'" + member.key() + "' is a " + (member.isMeasure() ? "measure" : "dimension") + ", not a "
                            + (measure ? "measure" : "dimension") + ": move it to " + (measure ? "dimensions" : "measures"));
        }
    }

    private List<TimeDimensionQuery> timeDimensions(JsonNode list) {
        List<TimeDimensionQuery> result = new ArrayList<>();
        for (JsonNode item : JsonFields.list(list, "timeDimensions")) {
            JsonFields.object(item, "timeDimensions[" + result.size() + "]");
            MemberRef member = member(JsonFields.text(item.get("dimension"), "timeDimensions.dimension"));
            if (!member.isTime()) {
                throw QueryException.badRequest("«" + member.key() + "» не является измерением времени",
                        "'" + member.key() + "' is not a time dimension");
            }
            Granularity granularity = null;
            String name = JsonFields.optionalText(item.get("granularity"), "timeDimensions.granularity");
            if (name != null) {
                granularity = Granularity.fromApi(name).orElseThrow(() -> QueryException.badRequest(
                        "Неизвестная гранулярность «" + name + "»: day, week, month, quarter, year",
                        "unknown granularity '" + name + "'; known: day, week, month, quarter, year"));
            }
            if (item.has("compareDateRange")) {
                throw QueryException.badRequest("compareDateRange не поддерживается: используйте поле compare",
                        "compareDateRange is not supported: use the compare field");
            }
            result.add(new TimeDimensionQuery(member, granularity, dateRange(item.get("dateRange"))));
        }
        return result;
    }

    private DateRange dateRange(JsonNode node) {
        if (!JsonFields.given(node)) {
            return null;
        }
        if (node.isTextual()) {
            return dates.parse(node.asText());
        }
        if (node.isArray()) {
            return dates.parse(JsonFields.texts(node, "timeDimensions.dateRange"));
        }
        throw JsonFields.wrongType("timeDimensions.dateRange", "строка или пара дат", "a string or a pair of dates", node);
    }

    private List<Filter> filterList(JsonNode list, String where) {
        List<Filter> result = new ArrayList<>();
        for (JsonNode node : JsonFields.list(list, where)) {
            result.add(filter(JsonFields.object(node, where + "[" + result.size() + "]")));
        }
        return result;
    }

    private Filter filter(JsonNode node) {
        if (node.has("and")) {
            return mixedCheck(new Filter.And(junction(node, "and")));
        }
        if (node.has("or")) {
            return mixedCheck(new Filter.Or(junction(node, "or")));
        }
        MemberRef member = member(node.hasNonNull("member") ? JsonFields.text(node.get("member"), "filters.member")
                : JsonFields.text(node.get("dimension"), "filters.member"));
        String operatorName = JsonFields.text(node.get("operator"), "filters.operator");
        Operator operator = Operator.fromApi(operatorName).orElseThrow(() -> QueryException.badRequest(
                "Неизвестный оператор фильтра «" + operatorName + "»",
                "unknown filter operator '" + operatorName + "'" + Suggestions.didYouMean(operatorName, Operator.apiNames())));
        if (!operator.accepts(member.kind())) {
            throw QueryException.badRequest(
                    "Оператор " + operator.apiName() + " неприменим к «" + member.key() + "» (тип " + typeName(member) + ")",
                    "operator " + operator.apiName() + " does not fit '" + member.key() + "' of type " + typeName(member));
        }
        return new Filter.Condition(member, operator, values(member, operator, node.get("values")));
    }

    /** The parts of an {@code and} or {@code or}: none would compile to an empty "()" that the database refuses. */
    private List<Filter> junction(JsonNode node, String kind) {
        List<Filter> parts = filterList(node.get(kind), kind);
        if (parts.isEmpty()) {
            throw QueryException.badRequest("Условие «" + kind + "» должно содержать хотя бы одно условие",
                    "\"" + kind + "\" needs at least one condition");
        }
        return parts;
    }

    private static Filter mixedCheck(Filter filter) {
        List<Filter> parts = filter instanceof Filter.And and ? and.parts() : ((Filter.Or) filter).parts();
        if (filter instanceof Filter.Or && parts.stream().anyMatch(Filter::onMeasures)
                && !parts.stream().allMatch(Filter::onMeasures)) {
            throw QueryException.badRequest("Нельзя объединять через or условия на меры и на измерения",
                    "an 'or' cannot mix conditions on measures and on dimensions");
        }
        return filter;
    }

    private static String typeName(MemberRef member) {
        return member.isMeasure() ? "measure" : member.dimension().type().yamlName();
    }

    private List<Object> values(MemberRef member, Operator operator, JsonNode node) {
        List<String> raw = new ArrayList<>();
        for (JsonNode value : JsonFields.list(node, "filters.values")) {
            raw.add(value.isNull() ? null : JsonFields.scalar(value, "filters.values"));
        }
        int expected = switch (operator.arity()) {
            case NONE -> 0;
            case ONE -> 1;
            case RANGE -> 2;
            case SOME -> -1;
        };
        if (expected >= 0 && raw.size() != expected || expected < 0 && raw.isEmpty()) {
            String countRu = expected < 0 ? "хотя бы одно значение" : "значений: " + expected;
            String countEn = expected < 0 ? "at least one value" : expected + " value(s)";
            throw QueryException.badRequest(
                    "Оператор " + operator.apiName() + " для «" + member.key() + "» ожидает " + countRu + ", получено " + raw.size(),
                    "operator " + operator.apiName() + " on '" + member.key() + "' takes " + countEn + ", got " + raw.size());
        }
        if (raw.contains(null)) {
            throw QueryException.badRequest("Значение фильтра не может быть null: используйте set / notSet",
                    "a filter value cannot be null: use set / notSet");
        }
        if (operator.arity() == Operator.Arity.RANGE) {
            return List.of(DateRangeParser.start(raw.get(0)), DateRangeParser.endExclusive(raw.get(1)));
        }
        if (operator == Operator.BEFORE_OR_ON_DATE || operator == Operator.AFTER_DATE) {
            // Compared as "before the end of that day" and "from the end of that day on", as Cube reads a date.
            return List.of(DateRangeParser.endExclusive(raw.get(0)));
        }
        return raw.stream().map(value -> typed(member, value)).toList();
    }

    private static Object typed(MemberRef member, String value) {
        return switch (member.kind()) {
            case STRING -> value;
            case NUMBER, MEASURE -> number(member, value);
            case BOOLEAN -> bool(member, value);
            case TIME -> DateRangeParser.start(value);
        };
    }

    private static BigDecimal number(MemberRef member, String value) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw QueryException.badRequest("«" + value + "» — не число, а «" + member.key() + "» числовой",
                    "'" + value + "' is not a number, and '" + member.key() + "' is numeric");
        }
    }

    private static Boolean bool(MemberRef member, String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        throw QueryException.badRequest("«" + member.key() + "» логический: ожидается true или false, получено «" + value + "»",
                "'" + member.key() + "' is boolean: expected true or false, got '" + value + "'");
    }

    private DrillDown drillDown(JsonNode node, List<MemberRef> dimensions, List<TimeDimensionQuery> timeDimensions,
                                List<Filter> filters) {
        if (!JsonFields.given(node)) {
            return null;
        }
        JsonFields.object(node, "drillDown");
        String name = JsonFields.text(node.get("hierarchy"), "drillDown.hierarchy");
        int dot = name.indexOf('.');
        Cube cube = model.cube(dot > 0 ? name.substring(0, dot) : "").orElseThrow(() -> QueryException.badRequest(
                "drillDown.hierarchy должен иметь вид «куб.иерархия», получено «" + name + "»",
                "drillDown.hierarchy must look like 'cube.hierarchy', got '" + name + "'"));
        Hierarchy hierarchy = cube.hierarchy(name.substring(dot + 1)).orElseThrow(() -> QueryException.badRequest(
                "В кубе «" + cube.name() + "» нет иерархии «" + name.substring(dot + 1) + "»",
                "cube '" + cube.name() + "' has no hierarchy '" + name.substring(dot + 1) + "'" + Suggestions.didYouMean(
                        name, cube.hierarchies().stream().map(h -> cube.name() + "." + h.name()))));
        List<String> path = new ArrayList<>();
        for (JsonNode member : JsonFields.list(node.get("path"), "drillDown.path")) {
            path.add(JsonFields.scalar(member, "drillDown.path[" + path.size() + "]"));
        }
        if (path.size() >= hierarchy.levels().size()) {
            throw QueryException.badRequest(
                    "Путь " + path + " уже на нижнем уровне иерархии «" + name + "» (" + String.join(" → ", hierarchy.levels()) + ")",
                    "path " + path + " is already at the lowest level of '" + name + "' (" + String.join(" → ", hierarchy.levels()) + ")");
        }
        for (int i = 0; i < path.size(); i++) {
            filters.add(levelFilter(cube, hierarchy.levels().get(i), path.get(i)));
        }
        String shown = hierarchy.levels().get(path.size());
        int dotInLevel = shown.indexOf('.');
        if (dotInLevel < 0) {
            MemberRef level = member(cube.name() + "." + shown);
            addOnce(dimensions, level);
            if (level.dimension().label() != null) {
                addOnce(dimensions, member(cube.name() + "." + level.dimension().label()));
            }
        } else {
            MemberRef time = member(cube.name() + "." + shown.substring(0, dotInLevel));
            Granularity granularity = Granularity.fromApi(shown.substring(dotInLevel + 1)).orElseThrow();
            DateRange range = timeDimensions.stream().filter(t -> t.dimension().key().equals(time.key()))
                    .map(TimeDimensionQuery::dateRange).filter(r -> r != null).findFirst().orElse(null);
            timeDimensions.removeIf(t -> t.dimension().key().equals(time.key()));
            timeDimensions.add(0, new TimeDimensionQuery(time, granularity, range));
        }
        return new DrillDown(cube.name() + "." + hierarchy.name(), hierarchy.levels(), path);
    }

    private Filter levelFilter(Cube cube, String level, String value) {
        int dot = level.indexOf('.');
        if (dot < 0) {
            MemberRef member = member(cube.name() + "." + level);
            return new Filter.Condition(member, Operator.EQUALS, List.of(typed(member, value)));
        }
        MemberRef time = member(cube.name() + "." + level.substring(0, dot));
        Granularity granularity = Granularity.fromApi(level.substring(dot + 1)).orElseThrow();
        var start = DateRangeParser.start(value.length() == 4 ? value + "-01-01" : value);
        var end = switch (granularity) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            case YEAR -> start.plusYears(1);
        };
        return new Filter.Condition(time, Operator.IN_DATE_RANGE, List.of(start, end));
    }

    private static void addOnce(List<MemberRef> members, MemberRef member) {
        if (members.stream().noneMatch(m -> m.key().equals(member.key()))) {
            members.add(member);
        }
    }

    private static Cube singleCube(List<MemberRef> measures, List<MemberRef> dimensions,
                                   List<TimeDimensionQuery> timeDimensions, List<Filter> filters) {
        Set<String> cubes = new LinkedHashSet<>();
        Map<String, Cube> byName = new java.util.HashMap<>();
        Stream.of(measures.stream(), dimensions.stream(), timeDimensions.stream().map(TimeDimensionQuery::dimension),
                        filters.stream().flatMap(QueryParser::conditionMembers))
                .flatMap(s -> s)
                .forEach(member -> {
                    cubes.add(member.cube().name());
                    byName.put(member.cube().name(), member.cube());
                });
        if (cubes.size() > 1) {
            throw QueryException.badRequest("Запрос обращается к нескольким кубам (" + String.join(", ", cubes)
                            + "); Витрина отвечает на запрос по одному кубу",
                    "the query refers to several cubes (" + String.join(", ", cubes) + "); Vitrina answers one cube per query");
        }
        if (cubes.isEmpty()) {
            throw QueryException.badRequest("В запросе нет ни мер, ни измерений", "the query names no measures and no dimensions");
        }
        return byName.get(cubes.iterator().next());
    }

    private static Stream<MemberRef> conditionMembers(Filter filter) {
        if (filter instanceof Filter.Condition condition) {
            return Stream.of(condition.member());
        }
        List<Filter> parts = filter instanceof Filter.And and ? and.parts() : ((Filter.Or) filter).parts();
        return parts.stream().flatMap(QueryParser::conditionMembers);
    }

    private static Compare compare(JsonNode node, List<TimeDimensionQuery> timeDimensions, List<MemberRef> measures) {
        if (!JsonFields.given(node)) {
            return null;
        }
        JsonFields.object(node, "compare");
        TimeDimensionQuery on = timeDimensions.stream().filter(TimeDimensionQuery::grouped).findFirst()
                .orElseThrow(() -> QueryException.badRequest(
                        "Для сравнения периодов нужно измерение времени с гранулярностью в timeDimensions",
                        "period comparison needs a time dimension with a granularity in timeDimensions"));
        if (on.dateRange() == null) {
            throw QueryException.badRequest("Для сравнения периодов у «" + on.dimension().key() + "» нужен dateRange",
                    "period comparison needs a dateRange on '" + on.dimension().key() + "'");
        }
        if (measures.isEmpty()) {
            throw QueryException.badRequest("Для сравнения периодов нужна хотя бы одна мера",
                    "period comparison needs at least one measure");
        }
        Set<String> with = new LinkedHashSet<>();
        if (JsonFields.given(node.get("with"))) {
            with.addAll(JsonFields.texts(node.get("with"), "compare.with"));
            if (with.isEmpty()) {
                throw QueryException.badRequest("compare.with: нужно хотя бы одно сравнение (previousPeriod, previousYear)",
                        "compare.with needs at least one comparison: previousPeriod, previousYear");
            }
        } else {
            with.addAll(List.of("previousPeriod", "previousYear"));
        }
        for (String item : with) {
            if (!item.equals("previousPeriod") && !item.equals("previousYear")) {
                throw QueryException.badRequest("compare.with: неизвестное сравнение «" + item + "» (previousPeriod, previousYear)",
                        "compare.with: unknown comparison '" + item + "'; known: previousPeriod, previousYear");
            }
        }
        return new Compare(on, with.contains("previousPeriod"), with.contains("previousYear"));
    }

    private static Totals totals(JsonNode node, List<MemberRef> measures) {
        if (!JsonFields.given(node) || node.isBoolean() && !node.asBoolean()) {
            return Totals.NONE;
        }
        Totals totals = switch (node.isBoolean() || node.isTextual() ? node.asText() : "") {
            case "true", "grand" -> Totals.GRAND;
            case "subtotals" -> Totals.SUBTOTALS;
            default -> throw QueryException.badRequest("totals: ожидается true, \"grand\" или \"subtotals\"",
                    "totals: expected true, \"grand\" or \"subtotals\"");
        };
        if (measures.isEmpty()) {
            throw QueryException.badRequest("Итоги считаются по мерам: добавьте хотя бы одну меру", "totals need at least one measure");
        }
        return totals;
    }

    private static int limit(JsonNode node, QueryLimits limits) {
        if (!JsonFields.given(node)) {
            return limits.defaultRows();
        }
        BigInteger limit = JsonFields.integer(node, "limit", "положительное целое число", "a positive integer");
        if (limit.signum() <= 0) {
            throw QueryException.badRequest("limit должен быть положительным целым числом, получено " + limit,
                    "limit must be a positive integer, got " + limit);
        }
        if (limit.compareTo(BigInteger.valueOf(limits.maxRows())) > 0) {
            if (limits.maxRows() == limits.maxExportRows()) {
                // An export, or answers allowed as many rows as exports: an export is no way round this limit.
                throw QueryException.badRequest(
                        "limit " + limit + " больше допустимого для выгрузки " + limits.maxExportRows() + " строк (limits.export_max_rows)",
                        "limit " + limit + " is above the maximum of " + limits.maxExportRows() + " rows of an export (limits.export_max_rows)");
            }
            throw QueryException.badRequest(
                    "limit " + limit + " больше допустимого " + limits.maxRows() + " строк; для больших выгрузок используйте экспорт (format=csv, xlsx, parquet)",
                    "limit " + limit + " is above the maximum of " + limits.maxRows() + " rows; for bigger results use an export (format=csv, xlsx, parquet)");
        }
        return limit.intValueExact();
    }

    private static int offset(JsonNode node) {
        if (!JsonFields.given(node)) {
            return 0;
        }
        BigInteger offset = JsonFields.integer(node, "offset", "неотрицательное целое число", "a non-negative integer");
        if (offset.signum() < 0) {
            throw QueryException.badRequest("offset должен быть неотрицательным целым числом, получено " + offset,
                    "offset must be a non-negative integer, got " + offset);
        }
        if (offset.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw QueryException.badRequest("offset " + offset + " больше допустимого " + Integer.MAX_VALUE,
                    "offset " + offset + " is above the maximum of " + Integer.MAX_VALUE);
        }
        return offset.intValueExact();
    }

    private static List<OrderItem> order(JsonNode node, List<MemberRef> measures, List<MemberRef> dimensions,
                                         List<TimeDimensionQuery> timeDimensions, Compare compare) {
        Set<String> orderable = new LinkedHashSet<>();
        measures.forEach(m -> orderable.add(m.key()));
        dimensions.forEach(d -> orderable.add(d.key()));
        timeDimensions.stream().filter(TimeDimensionQuery::grouped).forEach(t -> {
            orderable.add(t.key());
            orderable.add(t.dimension().key());
        });
        List<OrderItem> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return defaultOrder(measures, dimensions, timeDimensions);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> items.add(orderItem(e.getKey(),
                    JsonFields.text(e.getValue(), "order." + e.getKey()), orderable)));
        } else if (node.isArray()) {
            for (JsonNode pair : node) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw QueryException.badRequest("Элемент order должен быть парой [\"член\", \"asc|desc\"]",
                            "each order item must be a pair [\"member\", \"asc|desc\"]");
                }
                items.add(orderItem(JsonFields.text(pair.get(0), "order[" + items.size() + "][0]"),
                        JsonFields.text(pair.get(1), "order[" + items.size() + "][1]"), orderable));
            }
        } else {
            throw QueryException.badRequest("order должен быть объектом или списком пар", "order must be an object or a list of pairs");
        }
        return items;
    }

    private static OrderItem orderItem(String key, String direction, Set<String> orderable) {
        if (!orderable.contains(key)) {
            throw QueryException.badRequest("Сортировка по «" + key + "», которого нет среди мер и измерений запроса",
                    "cannot order by '" + key + "': it is not among the query's measures and dimensions"
                            + Suggestions.didYouMean(key, orderable.stream()));
        }
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw QueryException.badRequest("Направление сортировки «" + direction + "»: ожидается asc или desc",
                    "order direction '" + direction + "': expected asc or desc");
        }
        return new OrderItem(key, direction.equals("desc"));
    }

    /** Cube's default: the first grouped time dimension ascending, else the first measure descending, else the first dimension. */
    private static List<OrderItem> defaultOrder(List<MemberRef> measures, List<MemberRef> dimensions,
                                                List<TimeDimensionQuery> timeDimensions) {
        var time = timeDimensions.stream().filter(TimeDimensionQuery::grouped).findFirst();
        if (time.isPresent()) {
            return List.of(new OrderItem(time.get().key(), false));
        }
        if (!measures.isEmpty()) {
            return List.of(new OrderItem(measures.get(0).key(), true));
        }
        return dimensions.isEmpty() ? List.of() : List.of(new OrderItem(dimensions.get(0).key(), false));
    }
}
