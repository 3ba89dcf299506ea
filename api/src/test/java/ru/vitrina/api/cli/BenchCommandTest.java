package ru.vitrina.api.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @Test
    void aRunOfAnotherSizeWritesItsOwnSectionAndLeavesTheTargetsTable(@TempDir Path folder) throws Exception {
        Path doc = folder.resolve("BENCHMARKS.md");
        Files.writeString(doc, "# Benchmarks\n<!-- bench:begin -->\nold 20 M table\n<!-- bench:end -->\nafter\n", StandardCharsets.UTF_8);

        BenchCommand.replaceSection(doc, BenchCommand.marker("100M", "begin"), BenchCommand.marker("100M", "end"), "100 M table\n");
        BenchCommand.replaceSection(doc, BenchCommand.marker("bench", "begin"), BenchCommand.marker("bench", "end"), "new 20 M table\n");
        BenchCommand.replaceSection(doc, BenchCommand.marker("100m", "begin"), BenchCommand.marker("100m", "end"), "second 100 M table\n");

        assertThat(Files.readString(doc, StandardCharsets.UTF_8)).isEqualTo("# Benchmarks\n<!-- bench:begin -->\nnew 20 M table\n"
                + "<!-- bench:end -->\nafter\n\n<!-- bench-100m:begin -->\nsecond 100 M table\n<!-- bench-100m:end -->\n");
    }
}
