package ru.vitrina.api.ops;

import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.ConfigFile;
import ru.vitrina.api.config.VitrinaConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped deploy files stay in step with the code: the example configuration is accepted as it is. */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");

    @Test
    void exampleConfigurationIsValid() {
        VitrinaConfig config = ConfigFile.read(DEPLOY.resolve("vitrina.yaml"), Map.of());
        assertThat(config.store()).isEqualTo(Path.of("/var/lib/vitrina/vitrina.duckdb"));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(ConfigFile.read(DEPLOY.resolve("vitrina.yaml"), Map.of("VITRINA_PORT", "9090")).port()).isEqualTo(9090);
    }

    @Test
    void serviceUnitRunsTheServeCommandAsItsOwnUser() throws Exception {
        String unit = Files.readString(DEPLOY.resolve("vitrina.service"));
        assertThat(unit).contains("User=vitrina", "Restart=on-failure", "-Xmx1g", "serve --config /etc/vitrina/vitrina.yaml",
                "ReadWritePaths=/var/lib/vitrina");
    }
}
