package ru.vitrina.api.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.api.config.ConfigException;
import ru.vitrina.api.config.ConfigFile;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.format.ResultFormat;
import ru.vitrina.api.format.ResultWriters;
import ru.vitrina.api.server.Application;
import ru.vitrina.engine.access.MemoryLimits;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.query.CompiledQuery;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.store.Store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** DuckDB's memory and spill ceilings from vitrina.yaml, and a query that crosses them failing alone. */
class MemoryLimitsTest {
    @TempDir
    Path folder;

    @Test
    void theLimitsAreReadFromTheSecuritySectionAndNonsenseIsRefused() throws IOException {
        Path file = folder.resolve("vitrina.yaml");
        Files.writeString(file, "security: {memory_limit: 3GB, spill_limit: 20GB}\n");
        assertThat(ConfigFile.read(file, Map.of()).security().memory()).isEqualTo(new MemoryLimits("3GB", "20GB"));
        Files.writeString(file, "security: {memory_limit: \"1GB'; ATTACH 'x\"}\n");
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.memory_limit must be a size");
    }

    @Test
    void aQueryBeyondTheCeilingFailsAloneAndTheStoreGoesOnAnswering() throws Exception {
        Store store = Store.inMemory();
        VitrinaConfig config = VitrinaConfig.DEMO.withSecurity(SecuritySettings.DEMO.withMemory(new MemoryLimits("64MB", "1MB")));
        try (Application application = Application.open(config, store)) {
            assertThat(setting(store, "memory_limit")).isEqualTo("61.0 MiB");
            assertThat(setting(store, "max_temp_directory_size")).isEqualTo("976.5 KiB");

            Principal analyst = new Principal("analyst", Set.of(Role.ANALYST), Set.of(), Set.of());
            // 100 million numbers gathered into one list: about 800 MB that can be neither held nor spilled.
            CompiledQuery greedy = new CompiledQuery("SELECT list(range) AS numbers FROM range(100000000)", List.of(), List.of());
            Throwable failure = catchThrowable(() -> {
                try (QueryCursor cursor = application.engine().open(greedy, analyst)) {
                    ResultWriters.defaults().writer(ResultFormat.CSV).write(cursor, new ByteArrayOutputStream());
                }
            });
            assertThat(failure).as("the ceiling held").isInstanceOf(QueryException.class);
            assertThat(((QueryException) failure).status()).isEqualTo(503);
            assertThat(failure).hasMessageStartingWith("Запросу не хватило памяти хранилища").hasMessageNotContaining("SET threads");
            assertThat(application.permits().running(analyst)).as("the failed query gave its permit back").isZero();

            try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM range(1000)")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).as("only that query failed").isEqualTo(1000);
            }
        } finally {
            store.close();
        }
    }

    private static String setting(Store store, String name) throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
