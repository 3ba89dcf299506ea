package ru.vitrina.api.query;

import ru.vitrina.engine.access.RowSecurity;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.api.security.Access;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.Dimension;
import ru.vitrina.cubes.model.Hierarchy;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.cubes.model.Measure;
import ru.vitrina.engine.sql.CubeViews;
import ru.vitrina.engine.store.Store;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/meta} and {@code /cubejs-api/v1/meta}: every cube with its measures, dimensions and hierarchies,
 * in Cube's meta shape (names {@code cube.member}) with Vitrina's Russian and English titles, units and formats.
 */
public final class MetaHandler implements Handler {
    private final CubeModel model;
    private final Store store;
    private final ObjectMapper json;
    private final RowSecurity rowSecurity = new RowSecurity();

    public MetaHandler(CubeModel model, Store store, ObjectMapper json) {
        this.model = requireNonNull(model, "model");
        this.store = requireNonNull(store, "store");
        this.json = requireNonNull(json, "json");
    }

    @Override
    public void handle(Context ctx) throws Exception {
        ctx.contentType("application/json; charset=utf-8");
        try (JsonGenerator out = json.getFactory().createGenerator(ctx.outputStream())) {
            out.writeStartObject();
            out.writeArrayFieldStart("cubes");
            Principal principal = Access.principal(ctx);
            for (Cube cube : model.cubes()) {
                writeCube(out, cube, principal);
            }
            out.writeEndArray();
            AnswerJson.writeProvenance(out, store.currentVersion().orElse(null));
            out.writeEndObject();
        }
    }

    /** The cube as this user may see it: members hidden from their roles are absent. */
    private void writeCube(JsonGenerator out, Cube cube, Principal principal) throws IOException {
        out.writeStartObject();
        out.writeStringField("name", cube.name());
        out.writeStringField("type", "cube");
        writeTexts(out, "title", cube.title());
        writeTexts(out, "description", cube.description());
        out.writeBooleanField("isVisible", true);
        out.writeBooleanField("public", true);
        out.writeArrayFieldStart("measures");
        for (Measure measure : cube.measures()) {
            if (measure.isPublic() && rowSecurity.sees(cube, measure.name(), principal)) {
                writeMeasure(out, cube, measure);
            }
        }
        out.writeEndArray();
        out.writeArrayFieldStart("dimensions");
        for (Dimension dimension : cube.dimensions()) {
            if (dimension.isPublic() && rowSecurity.sees(cube, dimension.name(), principal)) {
                writeDimension(out, cube, dimension);
            }
        }
        out.writeEndArray();
        out.writeArrayFieldStart("segments");
        out.writeEndArray();
        out.writeArrayFieldStart("hierarchies");
        for (Hierarchy hierarchy : cube.hierarchies()) {
            out.writeStartObject();
            out.writeStringField("name", cube.name() + "." + hierarchy.name());
            writeTexts(out, "title", hierarchy.title());
            out.writeArrayFieldStart("levels");
            for (String level : hierarchy.levels()) {
                out.writeString(cube.name() + "." + level);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void writeMeasure(JsonGenerator out, Cube cube, Measure measure) throws IOException {
        out.writeStartObject();
        writeMemberHeading(out, cube, measure.name(), measure.title(), measure.description());
        out.writeStringField("type", "number");
        out.writeStringField("aggType", measure.type().yamlName());
        writeTexts(out, "unit", measure.unit());
        if (measure.format() != null) {
            out.writeStringField("format", measure.format());
        }
        out.writeBooleanField("additive", measure.type().additive());
        // How to get the same number in SQL over the cube table (null for ratios: SQL users compute them).
        out.writeStringField("sqlUsage", CubeViews.sqlUsage(measure).orElse(null));
        out.writeBooleanField("cumulative", false);
        out.writeBooleanField("cumulativeTotal", false);
        out.writeArrayFieldStart("drillMembers");
        out.writeEndArray();
        out.writeBooleanField("isVisible", true);
        out.writeBooleanField("public", true);
        out.writeEndObject();
    }

    private static void writeDimension(JsonGenerator out, Cube cube, Dimension dimension) throws IOException {
        out.writeStartObject();
        writeMemberHeading(out, cube, dimension.name(), dimension.title(), dimension.description());
        out.writeStringField("type", dimension.type().yamlName());
        writeTexts(out, "unit", dimension.unit());
        if (dimension.format() != null) {
            out.writeStringField("format", dimension.format());
        }
        if (dimension.label() != null) {
            out.writeStringField("label", cube.name() + "." + dimension.label());
        }
        out.writeStringField("sqlColumn", dimension.name());
        out.writeBooleanField("suggestFilterValues", true);
        out.writeBooleanField("isVisible", true);
        out.writeBooleanField("public", true);
        out.writeEndObject();
    }

    /** What a measure and a dimension both begin with: the name Cube knows it by, its titles and its description. */
    private static void writeMemberHeading(JsonGenerator out, Cube cube, String member, LocalizedText title, LocalizedText description)
            throws IOException {
        out.writeStringField("name", cube.name() + "." + member);
        writeTexts(out, "title", title);
        out.writeStringField("shortTitle", title.ru());
        writeTexts(out, "description", description);
    }

    /** {@code title} in Russian and {@code titleEn} beside it. */
    private static void writeTexts(JsonGenerator out, String field, LocalizedText text) throws IOException {
        if (text == null) {
            return;
        }
        out.writeStringField(field, text.ru());
        out.writeStringField(field + "En", text.en());
    }
}
