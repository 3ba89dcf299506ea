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

    /**
     * Without a public address the site's links are relative; a resource path must then be the file's name beside
     * the descriptor: Data Package v1 allows URLs and relative POSIX paths only, and its later profiles (and
     * datapackage-js, frictionless-py) refuse "/opendata/..." as unsafe.
     */
    @Test
    void pathsAreUrlsOrFileNamesBesideTheDescriptor() {
        java.util.regex.Pattern relative = java.util.regex.Pattern.compile("^(?=^[^./~])(^((?!\\.{2}).)*$).*$");
        ObjectNode local = new DataPackages().descriptor(V3FilesGoldenTestFixture.dataSet(), V3FilesGoldenTestFixture.versions(),
                "/opendata/7000000885-Morbidity/");
        assertThat(local.path("resources")).extracting(r -> r.path("path").asText())
                .containsExactly("data-20261120-structure-20261120.csv", "data-20261015-structure-20261001.csv",
                        "data-20261001-structure-20261001.csv")
                .allMatch(path -> relative.matcher(path).matches());
        assertThat(local.has("homepage")).as("a homepage is a URL").isFalse();
        assertThat(descriptor().path("resources").get(0).path("path").asText())
                .isEqualTo("https://opendata.example.ru/opendata/7000000885-Morbidity/data-20261120-structure-20261120.csv");
        assertThat(relative.matcher("/opendata/x.csv").matches()).as("the pattern is alive").isFalse();
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
