package ru.vitrina.api.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import ru.vitrina.engine.store.Store;

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

    @Test
    void eachSizeHasItsOwnStoreUnlessOneIsNamed() {
        assertThat(new CommandLine(new BenchCommand()).<BenchCommand>getCommand().storeFile()).isEqualTo(Path.of("data", "bench.duckdb"));
        BenchCommand larger = new BenchCommand();
        new CommandLine(larger).parseArgs("--size", "100M");
        assertThat(larger.storeFile()).isEqualTo(Path.of("data", "bench-100m.duckdb"));
        BenchCommand named = new BenchCommand();
        new CommandLine(named).parseArgs("--size", "100m", "--store", "/tmp/big.duckdb");
        assertThat(named.storeFile()).isEqualTo(Path.of("/tmp/big.duckdb"));
    }

    @Test
    void aStoreOfAnotherSizeIsRefusedAndNothingIsWritten(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("test.duckdb");
        try (Store store = Store.open(file)) {
            BenchCommand.generateIfEmpty(store, "test");
        }
        Path doc = folder.resolve("BENCHMARKS.md");

        int exit = new CommandLine(new BenchCommand()).execute("--size", "6000", "--store", file.toString(), "--output", doc.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(doc).doesNotExist();
    }
}
