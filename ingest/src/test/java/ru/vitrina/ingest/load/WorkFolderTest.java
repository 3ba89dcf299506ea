package ru.vitrina.ingest.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WorkFolderTest {
    @Test
    void aFolderIsGoneWhenItsLoadEndsAndAFolderOfAProcessThatDiedIsRemovedByTheNextLoad(@TempDir Path root) throws Exception {
        // A real process that has ended stands for a load killed with kill -9: its folder is still there.
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path abandoned = Files.createDirectories(root.resolve("treasury-" + ended.pid() + "-123"));
        Files.writeString(abandoned.resolve("rows.csv"), "1;2;3\n");
        Path unnamed = Files.createDirectories(root.resolve("somebody-elses"));

        try (WorkFolder running = WorkFolder.create(root, "treasury")) {
            Files.writeString(running.path().resolve("rows.csv"), "4;5;6\n");
            assertThat(abandoned).doesNotExist();
            assertThat(unnamed).as("a folder whose name says no process").doesNotExist();

            try (WorkFolder second = WorkFolder.create(root, "procurement")) {
                assertThat(running.path().resolve("rows.csv")).as("a running load's folder stays").exists();
                assertThat(second.path().getFileName().toString()).startsWith("procurement-" + ProcessHandle.current().pid() + "-");
            }
            assertThat(running.path()).exists();
        }
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }
}
