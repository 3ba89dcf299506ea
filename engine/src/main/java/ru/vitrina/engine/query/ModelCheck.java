package ru.vitrina.engine.query;

import ru.vitrina.cubes.load.CubeDefinitionException;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.engine.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Checks every member's SQL against the store at start, so a wrong column in a cube file is reported
 * with the file and the member, not as a failure of some later query. DuckDB binds a prepared statement
 * without running it, so the check reads no data.
 */
public final class ModelCheck {
    private final SqlCompiler compiler = new SqlCompiler();

    public void check(CubeModel model, Store store) {
        requireNonNull(model, "model");
        try (Connection connection = store.connect()) {
            for (Cube cube : model.cubes()) {
                for (Measure measure : cube.measures()) {
                    bind(connection, cube, "measure '" + measure.name() + "'",
                            query(cube, List.of(new MemberRef(cube, measure, null)), List.of()));
                }
                for (Dimension dimension : cube.dimensions()) {
                    bind(connection, cube, "dimension '" + dimension.name() + "'",
                            query(cube, List.of(), List.of(new MemberRef(cube, null, dimension))));
                }
            }
        } catch (SQLException e) {
            throw new CubeDefinitionException("cannot check the cubes against the store: " + e.getMessage(), e);
        }
    }

    private static CubeQuery query(Cube cube, List<MemberRef> measures, List<MemberRef> dimensions) {
        return new CubeQuery(cube, measures, dimensions, List.of(), null, List.of(), 1, 0, false, null, null, CubeQuery.Totals.NONE);
    }

    private void bind(Connection connection, Cube cube, String member, CubeQuery query) {
        String sql = compiler.compile(query).sql();
        try (PreparedStatement ignored = connection.prepareStatement(sql)) {
            // Binding succeeded: every column and function the member uses exists.
        } catch (SQLException e) {
            throw new CubeDefinitionException(cube.sourceFile() + " (cube " + cube.name() + "): " + member
                    + ": its SQL does not fit the store: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
