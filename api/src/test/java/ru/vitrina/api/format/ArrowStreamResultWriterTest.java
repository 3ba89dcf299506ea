package ru.vitrina.api.format;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.store.DataVersion;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrowStreamResultWriterTest {
    @AutoClose
    private final Connection connection = DuckDbCursor.openDatabase();

    @Test
    void theSchemaHasDuckDbsNamesAndExactTypes() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(write(Fixtures.SQL)), allocator)) {
            List<Field> fields = reader.getVectorSchemaRoot().getSchema().getFields();
            assertThat(fields).extracting(Field::getName).containsExactly(
                    "region", "oktmo", "month", "loaded_at", "fact", "execution", "operations", "is_final");
            assertThat(fields.get(0).getType()).isInstanceOf(ArrowType.Utf8.class);
            assertThat(fields.get(2).getType()).isEqualTo(new ArrowType.Date(DateUnit.DAY));
            assertThat(fields.get(3).getType()).isInstanceOf(ArrowType.Timestamp.class);
            assertThat(fields.get(4).getType()).isEqualTo(new ArrowType.Decimal(38, 2, 128));
            assertThat(fields.get(5).getType()).isEqualTo(
                    new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
            assertThat(fields.get(6).getType()).isEqualTo(new ArrowType.Int(64, true));
            assertThat(fields.get(7).getType()).isInstanceOf(ArrowType.Bool.class);
        }
    }

    @Test
    void everyValueReadsBackAsDuckDbReturnedIt() throws Exception {
        List<List<Object>> expected = SourceRows.read(connection, Fixtures.SQL).stream()
                .map(row -> row.stream().map(ArrowStreamResultWriterTest::plain).toList()).toList();
        assertThat(readAll(write(Fixtures.SQL))).isEqualTo(expected);
    }

    @Test
    void aLargeAnswerGoesOutInSeveralBatches() throws Exception {
        String sql = "SELECT range AS n, 'район ' || (range % 7) AS name FROM range(200000)";
        List<ResultColumn> columns = List.of(
                new ResultColumn("t.n", "Номер", "Number", ColumnType.NUMBER, null, "integer"),
                new ResultColumn("t.name", "Район", "District", ColumnType.STRING, null, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, columns, Fixtures.VERSION)) {
            new ArrowStreamResultWriter().write(cursor, out);
        }
        int batches = 0;
        long rows = 0;
        long sum = 0;
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(out.toByteArray()), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                batches++;
                rows += root.getRowCount();
                BigIntVector n = (BigIntVector) root.getVector(0);
                for (int i = 0; i < root.getRowCount(); i++) {
                    sum += n.get(i);
                }
            }
        }
        assertThat(batches).isGreaterThan(1);
        assertThat(rows).isEqualTo(200_000);
        assertThat(sum).isEqualTo(199_999L * 200_000L / 2);
    }

    @Test
    void anEmptyAnswerIsASchemaWithoutRows() throws Exception {
        List<List<Object>> rows = readAll(write("SELECT * FROM (" + Fixtures.SQL + ") WHERE false"));
        assertThat(rows).isEmpty();
    }

    @Test
    void enumColumnsArriveDecoded() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TYPE level AS ENUM ('район', 'округ', 'область')");
        }
        String sql = "SELECT x::level AS level FROM (VALUES ('район'), ('область'), (NULL), ('район')) t(x)";
        List<ResultColumn> columns = List.of(new ResultColumn("t.level", "Уровень", "Level", ColumnType.STRING, null, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, columns, Fixtures.VERSION)) {
            new ArrowStreamResultWriter().write(cursor, out);
        }
        List<Object> values = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(out.toByteArray()), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                FieldVector indices = root.getVector(0);
                DictionaryEncoding encoding = indices.getField().getDictionary();
                assertThat(encoding).isNotNull();
                Dictionary dictionary = reader.getDictionaryVectors().get(encoding.getId());
                try (ValueVector decoded = DictionaryEncoder.decode(indices, dictionary)) {
                    for (int i = 0; i < root.getRowCount(); i++) {
                        values.add(plain(decoded.getObject(i)));
                    }
                }
            }
        }
        assertThat(values).containsExactly("район", "область", null, "район");
    }

    @Test
    void refusesAResultSetThatIsNotDuckDbs() {
        ResultSet foreign = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isWrapperFor" -> false;
                    case "toString" -> "foreign result set";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        QueryCursor cursor = new QueryCursor() {
            @Override
            public List<ResultColumn> columns() {
                return Fixtures.COLUMNS;
            }

            @Override
            public ResultSet resultSet() {
                return foreign;
            }

            @Override
            public DataVersion dataVersion() {
                return Fixtures.VERSION;
            }

            @Override
            public long copyToParquet(Path file) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> new ArrowStreamResultWriter().write(cursor, new ByteArrayOutputStream()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Arrow");
    }

    private byte[] write(String sql) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, Fixtures.COLUMNS, Fixtures.VERSION)) {
            new ArrowStreamResultWriter().write(cursor, out);
        }
        return out.toByteArray();
    }

    private static List<List<Object>> readAll(byte[] stream) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                for (int r = 0; r < root.getRowCount(); r++) {
                    Object[] row = new Object[root.getFieldVectors().size()];
                    for (int c = 0; c < row.length; c++) {
                        FieldVector vector = root.getVector(c);
                        row[c] = vector instanceof DateDayVector days
                                ? days.isNull(r) ? null : LocalDate.ofEpochDay(days.get(r))
                                : plain(vector.getObject(r));
                    }
                    rows.add(Arrays.asList(row));
                }
            }
        }
        return rows;
    }

    /** JDBC and Arrow spell a few values differently; this is the one spelling both are compared in. */
    private static Object plain(Object value) {
        if (value instanceof Text text) {
            return text.toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        return value;
    }
}
