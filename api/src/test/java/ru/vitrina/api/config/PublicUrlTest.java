package ru.vitrina.api.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code server.public_url}: the one source of absolute links, checked when the configuration is read. */
class PublicUrlTest {
    @TempDir
    Path folder;

    @Test
    void absoluteLinksStartWithTheConfiguredAddressOrLinksAreRelative() throws IOException {
        assertThat(VitrinaConfig.DEMO.linkBase()).isEmpty();
        assertThat(read("server: {port: 8080, public_url: \"https://data.example.ru/\"}").linkBase()).isEqualTo("https://data.example.ru");
        assertThat(read("server: {public_url: \"http://10.0.0.5:8080/vitrina\"}").linkBase()).isEqualTo("http://10.0.0.5:8080/vitrina");
        for (String wrong : new String[] {"data.example.ru", "ftp://data.example.ru", "https:///path", "https://data.example.ru/?a=1", "/opendata"}) {
            assertThatThrownBy(() -> read("server: {public_url: \"" + wrong + "\"}")).as(wrong)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("server.public_url");
        }
    }

    private VitrinaConfig read(String yaml) throws IOException {
        Path file = folder.resolve("vitrina.yaml");
        Files.writeString(file, yaml);
        return ConfigFile.read(file, Map.of());
    }
}
