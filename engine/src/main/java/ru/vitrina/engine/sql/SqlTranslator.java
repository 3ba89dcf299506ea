package ru.vitrina.engine.sql;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Match;
import org.apache.calcite.rel.core.Sample;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlString;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.MeasureType;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.RowSecurity;
import ru.vitrina.cubes.model.Suggestions;
import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.ResultColumn;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Calcite as gatekeeper and translator: parses a user's SQL, validates it against the cube tables only (unknown
 * tables and functions are errors), converts it to relational algebra and writes it back as DuckDB SQL.
 * Nothing of the user's text reaches DuckDB: only what {@link RelToSqlConverter} writes from the plan.
 */
final class SqlTranslator {
    /** Words a query may start with; anything else is not a query. */
    private static final Set<String> QUERY_WORDS = Set.of("SELECT", "WITH", "VALUES", "(");
    private static final Pattern NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']+)' not found(?: within '([^']+)')?");
    private static final Pattern EXPRESSION_NAME = Pattern.compile("EXPR\\$\\d+");

    private final CubeSchema schema;
    private final CubeViews views;
    private final SqlParser.Config parserConfig;
    private final SqlConformance conformance = new AnalystConformance();
    private final CalciteConnectionConfig connectionConfig;
    private final RowSecurity rowSecurity = new RowSecurity();

    SqlTranslator(CubeSchema schema, CubeViews views) {
        this.schema = requireNonNull(schema, "schema");
        this.views = requireNonNull(views, "views");
        this.parserConfig = parserConfig(conformance);
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        properties.setProperty(CalciteConnectionProperty.QUOTED_CASING.camelName(), Casing.UNCHANGED.name());
        properties.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), Casing.UNCHANGED.name());
        properties.setProperty(CalciteConnectionProperty.QUOTING.camelName(), Quoting.DOUBLE_QUOTE.name());
        this.connectionConfig = new CalciteConnectionConfigImpl(properties);
    }

    /**
     * Identifiers compare without case, unquoted ones keep their spelling, names are quoted with double quotes:
     * {@code select municipality_name from budget} and {@code SELECT "Municipality_Name" FROM CUBES.BUDGET} agree.
     */
    static SqlParser.Config parserConfig(SqlConformance conformance) {
        return SqlParser.config()
                .withQuoting(Quoting.DOUBLE_QUOTE)
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false)
                .withConformance(conformance);
    }

    /** Parses exactly one query; anything else is a 400 with the reason in Russian and English. */
    SqlNode parseQuery(String sql) {
        List<SqlText.Statement> statements = SqlText.statements(sql);
        if (statements.isEmpty()) {
            throw QueryException.badRequest("Пустой запрос", "the query is empty");
        }
        SqlText.Statement first = statements.get(0);
        if (!QUERY_WORDS.contains(first.firstWord())) {
            throw onlySelect(first.firstWord());
        }
        if (statements.size() > 1) {
            throw QueryException.badRequest("Разрешён только один запрос SELECT, без «;» между запросами",
                    "only one SELECT query is allowed, with no ';' between statements");
        }
        SqlNode node;
        try {
            // A prefix of the text, so the positions Calcite reports are those the user sees.
            node = SqlParser.create(sql.substring(0, first.end()), parserConfig).parseQuery();
        } catch (SqlParseException e) {
            if (e.getCause() instanceof StackOverflowError) {
                throw tooComplex();
            }
            SqlParserPos pos = e.getPos();
            String message = firstLine(e.getMessage());
            throw pos == null
                    ? QueryException.badRequest("Ошибка синтаксиса SQL: " + message, "SQL syntax error: " + message)
                    : QueryException.badRequest("Ошибка синтаксиса SQL в строке " + pos.getLineNum() + ", столбце " + pos.getColumnNum()
                    + ": " + message, "SQL syntax error at line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ": " + message);
        }
        if (!node.getKind().belongsTo(SqlKind.QUERY)) {
            throw onlySelect(node.getKind().name());
        }
        return node;
    }

    /** A query nested too deeply for the translator's stack: a 400 that says what to write instead. */
    static QueryException tooComplex() {
        return QueryException.badRequest("Слишком сложный запрос: выражение вложено слишком глубоко (например, тысячи условий "
                        + "через OR или слагаемых подряд); список значений пишите как IN ('a', 'b', ...)",
                "query too complex: an expression is nested too deeply (e.g. thousands of conditions joined by OR, or of terms "
                        + "in a row); write a list of values as IN ('a', 'b', ...)");
    }

    private static QueryException onlySelect(String found) {
        return QueryException.badRequest("Разрешены только запросы SELECT (запрос начинается с «" + found + "»)",
                "only SELECT queries are allowed (the statement starts with '" + found + "')");
    }

    /**
     * Translates {@code sql} for this user; {@code rowCap > 0} limits the answer to that many rows. Columns of
     * members the user may not see are refused, and each cube table the query reads is filtered to the user's rows
     * (a Filter under every scan, so no join, subquery or set operation can reach around it).
     */
    SqlTranslation translate(String sql, long rowCap, Principal principal) {
        requireNonNull(principal, "principal");
        requireNonNull(sql, "sql");
        SqlNode parsed = parseQuery(sql);
        JavaTypeFactoryImpl typeFactory = (JavaTypeFactoryImpl) schema.typeFactory();
        CalciteCatalogReader catalog = new CalciteCatalogReader(schema.root(), List.of(CubeViews.SCHEMA), typeFactory, connectionConfig);
        SqlValidator validator = SqlValidatorUtil.newValidator(
                SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
                        SqlOperatorTables.of(SqlLibraryOperators.ILIKE, SqlLibraryOperators.NOT_ILIKE)),
                catalog, typeFactory,
                SqlValidator.Config.DEFAULT.withConformance(conformance).withIdentifierExpansion(true));
        SqlNode validated;
        try {
            validated = validator.validate(parsed);
        } catch (CalciteContextException e) {
            throw invalid(sql, e);
        }
        refuseHiddenColumns(validated, principal);
        RelDataType parameterRow = validator.getParameterRowType(validated);
        RelOptCluster cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), new RexBuilder(typeFactory));
        SqlToRelConverter converter = new SqlToRelConverter((type, query, schemaPath, viewPath) -> {
            throw new UnsupportedOperationException("the cube schema has no Calcite views");
        }, validator, catalog, cluster, StandardConvertletTable.INSTANCE,
                SqlToRelConverter.config().withTrimUnusedFields(true).withExpand(false));
        RelRoot root;
        try {
            root = converter.convertQuery(validated, false, true);
        } catch (RuntimeException e) {
            throw QueryException.badRequest("Запрос нельзя перевести в SQL хранилища: " + e.getMessage(),
                    "the query cannot be translated for the store: " + e.getMessage());
        }
        refuseWhatDuckDbCannotRun(root.rel);
        if (RowSecurity.limited(principal)) {
            root = root.withRel(limitRows(root.rel, principal, cluster.getRexBuilder()));
        }
        List<String> names = columnNames(sql, validated, root.validatedRowType);
        RelBuilder builder = RelBuilder.proto(Contexts.empty()).create(cluster, catalog);
        RelNode rel = capped(renamed(root.project(), names, builder), rowCap, cluster.getRexBuilder());

        SqlString duckDb;
        try {
            SqlNode statement = new RelToSqlConverter(VitrinaDuckDbDialect.INSTANCE).visitRoot(rel).asStatement();
            duckDb = statement.toSqlString(config -> config.withDialect(VitrinaDuckDbDialect.INSTANCE)
                    .withQuoteAllIdentifiers(true).withIndentation(0).withClauseStartsLine(false)
                    .withSelectListItemsOnSeparateLines(false));
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            throw QueryException.badRequest("Запрос нельзя перевести в SQL хранилища: " + e.getMessage(),
                    "the query cannot be translated for the store: " + e.getMessage());
        }
        List<Integer> order = duckDb.getDynamicParameters() == null ? List.of() : duckDb.getDynamicParameters();
        List<String> parameterTypes = parameterRow.getFieldList().stream().map(f -> f.getType().getSqlTypeName().getName()).toList();
        return new SqlTranslation(duckDb.getSql(), order, parameterTypes, columns(rel, names), rowCap);
    }

    /** A Filter on the user's territories above every scan of a cube table. */
    private RelNode limitRows(RelNode rel, Principal principal, RexBuilder rex) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(org.apache.calcite.rel.core.TableScan scan) {
                String table = scan.getTable().getQualifiedName().get(scan.getTable().getQualifiedName().size() - 1);
                Cube cube = views.model().cube(table).orElseThrow(() -> new IllegalStateException("no cube for table " + table));
                RowSecurity.RowLimit limit = rowSecurity.rowLimit(cube, principal);
                org.apache.calcite.rel.type.RelDataTypeField field = scan.getRowType().getField(limit.dimension().name(), false, false);
                if (field == null) {
                    throw new QueryException(403, "Таблица «" + table + "» не разделена по территориям / table '" + table
                            + "' has no column to limit your rows by");
                }
                RexNode column = rex.makeInputRef(scan, field.getIndex());
                List<RexNode> equals = new ArrayList<>();
                for (String value : limit.values()) {
                    equals.add(rex.makeCall(SqlStdOperatorTable.EQUALS, column, rex.makeLiteral(value)));
                }
                RexNode condition = equals.isEmpty() ? rex.makeLiteral(false) : org.apache.calcite.rex.RexUtil.composeDisjunction(rex, equals);
                return org.apache.calcite.rel.logical.LogicalFilter.create(scan, condition);
            }
        });
    }

    /**
     * Columns of members the user may not see: refused wherever they are named, {@code SELECT *} included (the
     * validator has expanded it into the columns by then).
     */
    private void refuseHiddenColumns(SqlNode validated, Principal principal) {
        java.util.Set<String> hidden = new java.util.HashSet<>();
        for (Cube cube : views.model().cubes()) {
            for (String member : cube.security().memberRoles().keySet()) {
                if (!rowSecurity.sees(cube, member, principal)) {
                    hidden.add(member.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        if (hidden.isEmpty()) {
            return;
        }
        validated.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlIdentifier id) {
                String last = id.names.get(id.names.size() - 1).toLowerCase(java.util.Locale.ROOT);
                if (hidden.contains(last)) {
                    throw new QueryException(403, "Столбец «" + last + "» вам недоступен / column '" + last
                            + "' is not available to your role");
                }
                return null;
            }
        });
    }

    /**
     * Constructs Calcite accepts but DuckDB has no equivalent for (or means something else by): refused here with
     * a 400 rather than failing in the store.
     */
    private static void refuseWhatDuckDbCannotRun(RelNode rel) {
        new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                String construct = other instanceof Match ? "MATCH_RECOGNIZE"
                        : other instanceof Sample ? "TABLESAMPLE"
                        : other instanceof TableFunctionScan ? "TABLE(...)"
                        : other instanceof Snapshot ? "FOR SYSTEM_TIME AS OF"
                        : other instanceof TableModify ? "INSERT/UPDATE/DELETE/MERGE"
                        : null;
                if (construct != null) {
                    throw QueryException.badRequest("Конструкция " + construct + " не поддерживается в запросах к кубам",
                            construct + " is not supported in queries over the cubes");
                }
                return super.visit(other);
            }
        }.visit(rel);
    }

    /** The names the answer's columns get: aliases, column names, else the expression as the user wrote it. */
    private static List<String> columnNames(String sql, SqlNode validated, RelDataType rowType) {
        List<String> names = new ArrayList<>();
        SqlNodeList selectList = topSelectList(validated);
        Set<String> used = new HashSet<>();
        for (RelDataTypeField field : rowType.getFieldList()) {
            String name = field.getName();
            if (EXPRESSION_NAME.matcher(name).matches() && selectList != null && field.getIndex() < selectList.size()) {
                SqlNode item = selectList.get(field.getIndex());
                if (item.getKind() == SqlKind.AS) {
                    item = ((SqlCall) item).operand(0);
                }
                name = textOf(sql, item.getParserPosition()).orElse(name);
            }
            String unique = name;
            for (int i = 2; !used.add(unique.toLowerCase(Locale.ROOT)); i++) {
                unique = name + "_" + i;
            }
            names.add(unique);
        }
        return names;
    }

    private static SqlNodeList topSelectList(SqlNode node) {
        if (node instanceof SqlSelect select) {
            return select.getSelectList();
        }
        if (node instanceof SqlOrderBy orderBy) {
            return topSelectList(orderBy.query);
        }
        if (node instanceof SqlWith with) {
            return topSelectList(with.body);
        }
        if (node instanceof SqlBasicCall call && node.getKind().belongsTo(SqlKind.SET_QUERY)) {
            return topSelectList(call.operand(0));
        }
        return null;
    }

    private static Optional<String> textOf(String sql, SqlParserPos pos) {
        if (pos == null || pos.getLineNum() <= 0) {
            return Optional.empty();
        }
        int start = SqlText.offset(sql, pos.getLineNum(), pos.getColumnNum());
        int end = SqlText.offset(sql, pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
        if (start >= end || end > sql.length()) {
            return Optional.empty();
        }
        String text = sql.substring(start, end).replaceAll("\\s+", " ").trim();
        return text.isEmpty() || text.length() > 120 ? Optional.empty() : Optional.of(text);
    }

    /** Gives the output columns their answer names, keeping a top ORDER BY / LIMIT on top. */
    private static RelNode renamed(RelNode rel, List<String> names, RelBuilder builder) {
        if (rel instanceof Sort sort) {
            return sort.copy(sort.getTraitSet(), renamed(sort.getInput(), names, builder), sort.getCollation(), sort.offset, sort.fetch);
        }
        if (rel.getRowType().getFieldNames().equals(names)) {
            return rel;
        }
        return builder.push(rel).rename(names).build();
    }

    /** Adds our row cap, folding it into the query's own LIMIT where there is one. */
    private static RelNode capped(RelNode rel, long rowCap, RexBuilder rex) {
        if (rowCap <= 0) {
            return rel;
        }
        RexNode cap = rex.makeExactLiteral(BigDecimal.valueOf(rowCap));
        // ORDER BY a column the SELECT drops is a projection over the sort: cap the sort itself, so the
        // generated SQL stays one SELECT ... ORDER BY ... LIMIT and the order is never left to a subquery.
        if (rel instanceof Project project && project.getInput() instanceof Sort) {
            return project.copy(project.getTraitSet(), List.of(capped(project.getInput(), rowCap, rex)));
        }
        if (rel instanceof Sort sort) {
            if (sort.fetch == null) {
                return sort.copy(sort.getTraitSet(), sort.getInput(), sort.getCollation(), sort.offset, cap);
            }
            if (sort.fetch instanceof RexLiteral literal) {
                BigDecimal own = literal.getValueAs(BigDecimal.class);
                if (own != null && own.longValue() <= rowCap) {
                    return sort;
                }
                return sort.copy(sort.getTraitSet(), sort.getInput(), sort.getCollation(), sort.offset, cap);
            }
        }
        return LogicalSort.create(rel, RelCollations.EMPTY, null, cap);
    }

    /** Answer columns: titles from the cube model where a column is a cube column or its measure's aggregate. */
    private List<ResultColumn> columns(RelNode rel, List<String> names) {
        RelMetadataQuery metadata = rel.getCluster().getMetadataQuery();
        List<ResultColumn> columns = new ArrayList<>();
        List<RelDataTypeField> fields = rel.getRowType().getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            String key = names.get(i);
            ColumnType type = columnType(fields.get(i).getType());
            ViewColumn origin = cubeColumn(rel, i, metadata);
            if (origin != null) {
                String unit = origin.unit() == null ? null : origin.unit().ru();
                columns.add(new ResultColumn(key, origin.title().ru(), origin.title().en(), type, unit, origin.format()));
            } else {
                columns.add(new ResultColumn(key, key, key, type, null, null));
            }
        }
        return columns;
    }

    /**
     * The cube column an output column shows: the column itself, or a measure column aggregated the way the
     * measure is ({@code SUM(fact)} is «Кассовое исполнение»; {@code COUNT(fact)} is not).
     */
    private ViewColumn cubeColumn(RelNode rel, int field, RelMetadataQuery metadata) {
        Set<RelColumnOrigin> origins = metadata.getColumnOrigins(rel, field);
        if (origins == null || origins.size() != 1) {
            return null;
        }
        RelColumnOrigin origin = origins.iterator().next();
        RelOptTable table = origin.getOriginTable();
        List<String> name = table.getQualifiedName();
        String column = table.getRowType().getFieldList().get(origin.getOriginColumnOrdinal()).getName();
        ViewColumn viewColumn = views.column(name.get(name.size() - 1), column).orElse(null);
        if (viewColumn == null || !origin.isDerived()) {
            return viewColumn;
        }
        AggregateCall call = aggregateOf(rel, field);
        return viewColumn.isMeasure() && call != null && sameAggregate(call, viewColumn.measure().type()) ? viewColumn : null;
    }

    /** The aggregate call an output column is, looking through renames, sorts and filters. */
    private static AggregateCall aggregateOf(RelNode rel, int field) {
        RelNode current = rel;
        int index = field;
        while (true) {
            if (current instanceof Sort || current instanceof Filter) {
                current = current.getInput(0);
            } else if (current instanceof Project project) {
                if (!(project.getProjects().get(index) instanceof RexInputRef ref)) {
                    return null;
                }
                index = ref.getIndex();
                current = project.getInput();
            } else if (current instanceof Aggregate aggregate) {
                int groups = aggregate.getGroupCount();
                return index < groups ? null : aggregate.getAggCallList().get(index - groups);
            } else {
                return null;
            }
        }
    }

    private static boolean sameAggregate(AggregateCall call, MeasureType type) {
        if (call.filterArg >= 0 || call.getArgList().size() != 1) {
            return false;
        }
        SqlKind kind = call.getAggregation().getKind();
        return switch (type) {
            case SUM -> kind == SqlKind.SUM || kind == SqlKind.SUM0;
            case AVG -> kind == SqlKind.AVG;
            case MIN -> kind == SqlKind.MIN;
            case MAX -> kind == SqlKind.MAX;
            case COUNT_DISTINCT -> kind == SqlKind.COUNT && call.isDistinct();
            case COUNT -> kind == SqlKind.COUNT && !call.isDistinct();
            case NUMBER -> false;
        };
    }

    private static ColumnType columnType(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        if (name == SqlTypeName.BOOLEAN) {
            return ColumnType.BOOLEAN;
        }
        SqlTypeFamily family = name.getFamily();
        if (family == SqlTypeFamily.NUMERIC) {
            return ColumnType.NUMBER;
        }
        if (family == SqlTypeFamily.DATE || family == SqlTypeFamily.TIME || family == SqlTypeFamily.TIMESTAMP
                || family == SqlTypeFamily.DATETIME) {
            return ColumnType.TIME;
        }
        return ColumnType.STRING;
    }

    private QueryException invalid(String sql, CalciteContextException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        String where = e.getPosLine() > 0 ? " (строка " + e.getPosLine() + ", столбец " + e.getPosColumn() + ")" : "";
        String whereEn = e.getPosLine() > 0 ? " (line " + e.getPosLine() + ", column " + e.getPosColumn() + ")" : "";
        Matcher notFound = NOT_FOUND.matcher(message);
        if (notFound.find()) {
            String wrong = notFound.group(1);
            String hint = Suggestions.nearest(wrong, schema.tableNames().stream())
                    .map(s -> "; возможно, имелся в виду куб «" + s + "»").orElse("");
            String hintEn = Suggestions.nearest(wrong, schema.tableNames().stream())
                    .map(s -> "; did you mean the cube '" + s + "'?").orElse("");
            String known = String.join(", ", schema.tableNames());
            return QueryException.badRequest("Таблица «" + wrong + "» не найдена" + where + hint + ". Доступны только кубы: " + known,
                    "table '" + wrong + "' not found" + whereEn + hintEn + ". Only the cubes can be queried: " + known);
        }
        return QueryException.badRequest("Ошибка в запросе" + where + ": " + message, "invalid query" + whereEn + ": " + message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /**
     * Calcite's default rules plus what analysts expect from PostgreSQL and DuckDB: {@code GROUP BY 1},
     * grouping and HAVING by alias, {@code !=}, {@code %}, {@code LIMIT n, m} and SELECT without FROM.
     */
    private static final class AnalystConformance extends SqlDelegatingConformance {
        AnalystConformance() {
            super(SqlConformanceEnum.DEFAULT);
        }

        @Override
        public boolean isGroupByAlias() {
            return true;
        }

        @Override
        public boolean isGroupByOrdinal() {
            return true;
        }

        @Override
        public boolean isHavingAlias() {
            return true;
        }

        @Override
        public boolean isFromRequired() {
            return false;
        }

        @Override
        public boolean isBangEqualAllowed() {
            return true;
        }

        @Override
        public boolean isPercentRemainderAllowed() {
            return true;
        }

        @Override
        public boolean isLimitStartCountAllowed() {
            return true;
        }
    }
}
