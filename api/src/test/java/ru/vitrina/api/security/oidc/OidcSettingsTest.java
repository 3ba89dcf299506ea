package ru.vitrina.api.security.oidc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.api.config.ConfigException;
import ru.vitrina.api.config.ConfigFile;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** security.oidc as an operator writes it, and production mode's refusal to start without a proper client secret. */
class OidcSettingsTest {
    private static final String SECTION = """
            security:
              production: true
              oidc:
                issuer: https://idp.region.example/realms/region
                client_id: vitrina
                redirect_uri: https://vitrina.region.example/login/oidc/callback
                roles_claim: groups
                roles: {vitrina-analysts: ANALYST, mo-officers: MUNICIPAL_OFFICER}
                territories_claim: oktmo
            """;

    @TempDir
    Path folder;

    @Test
    void theSectionIsReadFromTheFileAndTheSecretFromTheEnvironmentOnly() throws IOException {
        VitrinaConfig config = ConfigFile.read(write(SECTION), Map.of("VITRINA_OIDC_CLIENT_SECRET", "a long client secret 42"));
        OidcSettings oidc = config.security().oidc();
        assertThat(oidc.issuer()).isEqualTo(URI.create("https://idp.region.example/realms/region"));
        assertThat(oidc.roles()).containsEntry("mo-officers", Role.MUNICIPAL_OFFICER).hasSize(2);
        assertThat(oidc.scopes()).as("openid is always asked for").containsExactly("openid");
        assertThat(oidc.loginClaim()).isEqualTo("preferred_username");
        assertThat(oidc.clientSecret()).isEqualTo("a long client secret 42");
        assertThat(oidc.toString()).doesNotContain("a long client secret 42");

        assertThat(ConfigFile.read(write("security: {production: false}"), Map.of("VITRINA_OIDC_CLIENT_SECRET", "x")).security().oidc())
                .as("a secret without the section configures nothing").isNull();
    }

    @Test
    void mistakesInTheSectionStopTheStartNamingTheSetting() throws IOException {
        assertThatThrownBy(() -> ConfigFile.read(write(SECTION.replace("territories_claim", "territory_claim")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.oidc.territory_claim");
        assertThatThrownBy(() -> ConfigFile.read(write(SECTION.replace("ANALYST", "GOVERNOR")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown role 'GOVERNOR'");
        assertThatThrownBy(() -> ConfigFile.read(write(SECTION.replace("client_id: vitrina", "client_id: ''")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.oidc.client_id");
        assertThatThrownBy(() -> ConfigFile.read(write(SECTION.replace("https://idp", "ftp://idp")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.oidc.issuer");
    }

    @Test
    void productionRefusesToStartWithAMissingOrDefaultClientSecretOrPlainHttp() throws IOException {
        Map<String, String> admin = Map.of("VITRINA_ADMIN_PASSWORD", "a long and proper secret");
        assertRefusesToStart(ConfigFile.read(write(SECTION), admin), "VITRINA_OIDC_CLIENT_SECRET is not set");
        assertRefusesToStart(ConfigFile.read(write(SECTION), with(admin, " ")), "VITRINA_OIDC_CLIENT_SECRET is not set");
        for (String weak : new String[]{"secret", "short-one"}) {
            assertRefusesToStart(ConfigFile.read(write(SECTION), with(admin, weak)), "VITRINA_OIDC_CLIENT_SECRET is a default or shorter");
        }
        assertRefusesToStart(ConfigFile.read(write(SECTION.replace("https://idp", "http://idp")), with(admin, "a long client secret 42")),
                "must be https");

        VitrinaConfig proper = ConfigFile.read(write(SECTION), with(admin, "a long client secret 42"));
        Store store = Store.inMemory();
        try (Application application = Application.open(proper, store)) {
            assertThat(application.security().bootstrap()).containsOnlyKeys("admin");
        } finally {
            store.close();
        }
    }

    private static void assertRefusesToStart(VitrinaConfig config, String problem) {
        Store store = Store.inMemory();
        try (Application application = Application.open(config, store)) {
            assertThatThrownBy(() -> application.security().bootstrap()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("production mode refuses to start").hasMessageContaining(problem);
        } finally {
            store.close();
        }
    }

    private static Map<String, String> with(Map<String, String> environment, String secret) {
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.put("VITRINA_OIDC_CLIENT_SECRET", secret);
        return all;
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(folder, "vitrina", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
