package ru.vitrina.opendata.frictionless;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import ru.vitrina.opendata.v3.V3FilesGoldenTestFixture;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** datapackage.json validated against the Frictionless Tabular Data Package profile (see resources' SOURCE.md). */
class DataPackagesTest {
    private static Schema profile() throws IOException {
        try (InputStream in = DataPackagesTest.class.getResourceAsStream("tabular-data-package.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in, InputFormat.JSON);
        }
    }

    private static ObjectNode descriptor() {
        return new DataPackages().descriptor(V3FilesGoldenTestFixture.dataSet(), V3FilesGoldenTestFixture.versions(),
                "https://opendata.example.ru/opendata/7000000885-Morbidity/");
    }

    @Test
    void descriptorIsAValidTabularDataPackage() throws IOException {
        ObjectNode descriptor = descriptor();
        List<Error> errors = profile().validate(descriptor.toString(), InputFormat.JSON);
        assertThat(errors).extracting(Error::getMessage).isEmpty();
        assertThat(descriptor.path("resources")).hasSize(3);
        assertThat(descriptor.path("resources").get(0).path("schema").path("fields")).hasSize(4);
        assertThat(descriptor.path("resources").get(0).path("schema").path("fields").get(1).path("type").asText()).isEqualTo("date");
    }

    /** The check is alive: a resource without a schema, or a name in capitals, is refused by the same profile. */
    @Test
    void profileRefusesBrokenDescriptors() throws IOException {
        ObjectNode withoutSchema = descriptor();
        ((ObjectNode) ((ArrayNode) withoutSchema.get("resources")).get(0)).remove("schema");
        assertThat(profile().validate(withoutSchema.toString(), InputFormat.JSON)).isNotEmpty();
        ObjectNode badName = descriptor().put("name", "7000000885-Morbidity");
        assertThat(profile().validate(badName.toString(), InputFormat.JSON)).isNotEmpty();
    }
}
