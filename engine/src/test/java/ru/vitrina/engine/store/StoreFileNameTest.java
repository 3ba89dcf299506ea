package ru.vitrina.engine.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreFileNameTest {
    @Test
    void aFileNamedLikeOneOfTheStoresSchemasIsRefusedSayingWhatToDo(@TempDir Path folder) {
        assertThatThrownBy(() -> Store.open(folder.resolve("budget.duckdb")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("переименуйте его, например в vitrina.duckdb")
                .hasMessageContaining("rename it, e.g. to vitrina.duckdb");
    }
}
