package ru.vitrina.api.dashboards;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Files are found and folders are not, whether the class path holds a jar or a build's classes folder. */
class ClasspathAssetsTest {
    @Test
    void aFileInAClassesFolderIsFoundAndAFolderIsNot() {
        // Test resources are always a folder on disk: the case of a server started from a build's classes.
        ClasspathAssets assets = new ClasspathAssets("ru/vitrina/api/dashboards/assets", "no-cache");
        assertThat(assets.find("page.css")).hasValueSatisfying(asset -> {
            assertThat(new String(asset.bytes())).isEqualTo("body { color: red; }\n");
            assertThat(asset.type()).isEqualTo("text/css; charset=utf-8");
        });
        assertThat(assets.find("sub/inner.txt")).isPresent();
        assertThat(assets.find("sub")).isEmpty();
        assertThat(assets.find("missing.css")).isEmpty();
    }

    @Test
    void theShippedFrontEndIsFoundWhereverItLies() {
        ClasspathAssets web = new ClasspathAssets("web", "no-cache");
        assertThat(web.find("page.html")).isPresent();
        assertThat(web.find("js")).isEmpty();
    }
}
