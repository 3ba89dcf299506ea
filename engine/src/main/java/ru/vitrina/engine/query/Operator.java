package ru.vitrina.engine.query;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import ru.vitrina.engine.query.MemberRef.Kind;

/** Filter operators of Cube's query format, with the value types each accepts. */
public enum Operator {
    EQUALS("equals", Arity.SOME, Set.of(Kind.STRING, Kind.NUMBER, Kind.BOOLEAN, Kind.TIME, Kind.MEASURE)),
    NOT_EQUALS("notEquals", Arity.SOME, Set.of(Kind.STRING, Kind.NUMBER, Kind.BOOLEAN, Kind.TIME, Kind.MEASURE)),
    CONTAINS("contains", Arity.SOME, Set.of(Kind.STRING)),
    NOT_CONTAINS("notContains", Arity.SOME, Set.of(Kind.STRING)),
    STARTS_WITH("startsWith", Arity.SOME, Set.of(Kind.STRING)),
    NOT_STARTS_WITH("notStartsWith", Arity.SOME, Set.of(Kind.STRING)),
    ENDS_WITH("endsWith", Arity.SOME, Set.of(Kind.STRING)),
    NOT_ENDS_WITH("notEndsWith", Arity.SOME, Set.of(Kind.STRING)),
    GT("gt", Arity.ONE, Set.of(Kind.NUMBER, Kind.TIME, Kind.MEASURE)),
    GTE("gte", Arity.ONE, Set.of(Kind.NUMBER, Kind.TIME, Kind.MEASURE)),
    LT("lt", Arity.ONE, Set.of(Kind.NUMBER, Kind.TIME, Kind.MEASURE)),
    LTE("lte", Arity.ONE, Set.of(Kind.NUMBER, Kind.TIME, Kind.MEASURE)),
    SET("set", Arity.NONE, Set.of(Kind.STRING, Kind.NUMBER, Kind.BOOLEAN, Kind.TIME, Kind.MEASURE)),
    NOT_SET("notSet", Arity.NONE, Set.of(Kind.STRING, Kind.NUMBER, Kind.BOOLEAN, Kind.TIME, Kind.MEASURE)),
    IN_DATE_RANGE("inDateRange", Arity.RANGE, Set.of(Kind.TIME)),
    NOT_IN_DATE_RANGE("notInDateRange", Arity.RANGE, Set.of(Kind.TIME)),
    BEFORE_DATE("beforeDate", Arity.ONE, Set.of(Kind.TIME)),
    BEFORE_OR_ON_DATE("beforeOrOnDate", Arity.ONE, Set.of(Kind.TIME)),
    AFTER_DATE("afterDate", Arity.ONE, Set.of(Kind.TIME)),
    AFTER_OR_ON_DATE("afterOrOnDate", Arity.ONE, Set.of(Kind.TIME));

    /** How many values an operator takes. */
    public enum Arity { NONE, ONE, SOME, RANGE }

    private final String apiName;
    private final Arity arity;
    private final Set<Kind> accepts;

    Operator(String apiName, Arity arity, Set<Kind> accepts) {
        this.apiName = apiName;
        this.arity = arity;
        this.accepts = accepts;
    }

    public String apiName() {
        return apiName;
    }

    public Arity arity() {
        return arity;
    }

    public boolean accepts(Kind kind) {
        return accepts.contains(kind);
    }

    public static Optional<Operator> fromApi(String name) {
        return Arrays.stream(values()).filter(op -> op.apiName.equals(name)).findFirst();
    }

    public static java.util.stream.Stream<String> apiNames() {
        return Arrays.stream(values()).map(Operator::apiName);
    }
}
