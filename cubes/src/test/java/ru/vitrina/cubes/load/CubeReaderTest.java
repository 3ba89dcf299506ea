package ru.vitrina.cubes.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.cubes.model.MeasureType;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CubeReaderTest {
    private final CubeReader reader = new CubeReader();

    @TestFactory
    Stream<DynamicTest> brokenCubeFilesAreRefusedWithFileMemberAndProblem() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("bad-cubes.yaml")) {
            cases = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        return StreamSupport.stream(cases.spliterator(), false).map(item -> DynamicTest.dynamicTest(item.get("name").asText(), () -> {
            CubeDefinitionException error = catchThrowableOfType(CubeDefinitionException.class,
                    () -> reader.read("bad.yaml", item.get("file").asText()));
            assertThat(error).as("must be refused").isNotNull();
            assertThat(error.getMessage()).startsWith("bad.yaml");
            item.get("expect").forEach(fragment -> assertThat(error.getMessage()).contains(fragment.asText()));
        }));
    }

    @Test
    void shippedCubesLoadWithTheirMembers() {
        CubeModel model = new CubeFiles().builtIn();
        assertThat(model.cubes()).extracting(Cube::name)
                .containsExactly("budget", "health", "health_resources", "labour", "population", "procurement");
        Cube budget = model.cube("budget").orElseThrow();
        assertThat(budget.measure("execution_pct").orElseThrow().type()).isEqualTo(MeasureType.NUMBER);
        assertThat(budget.hierarchy("territory").orElseThrow().levels()).containsExactly("region", "municipality", "settlement");
        assertThat(budget.title().ru()).isEqualTo("Исполнение бюджета");
        assertThat(budget.title().en()).isEqualTo("Budget execution");
    }

    @Test
    void plainStringTitleServesBothLanguages() {
        Cube cube = reader.read("x.yaml", "name: x\ntitle: Население\nsql_table: a.b\n");
        assertThat(cube.title().en()).isEqualTo("Население");
    }
}
