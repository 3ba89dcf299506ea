package ru.vitrina.api.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;
import ru.vitrina.ingest.job.LoadRunner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The console bars of a load as the library draws them, collected instead of printed. */
class ProgressBarsTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ProgressBars bars() {
        return new ProgressBars(() -> new DelegatingProgressBarConsumer(lines::add, 160));
    }

    @Test
    void aStageWithoutAKnownTotalShowsItsNameAndTheRowsSoFarWithoutAQuestionMark() {
        try (ProgressBars bars = bars()) {
            // The runner's last stage never knows its total: it starts at 0 of 0 and stays without one.
            bars.progress("budget", 7, LoadRunner.PUBLISHING, 0, 0);
            bars.progress("budget", 7, LoadRunner.PUBLISHING, 12_345, 0);
        }
        assertThat(lines).isNotEmpty();
        String last = lines.get(lines.size() - 1);
        assertThat(last).contains("загрузка / load budget: публикация / publishing")
                .contains("<=>").contains("12 345 строк / rows")
                .doesNotContain("?").doesNotContain("%");
    }

    @Test
    void aStageWhoseTotalBecomesKnownShowsItsPercentageAndTimeLeft() {
        try (ProgressBars bars = bars()) {
            bars.progress("budget", 7, "запись / writing", 0, 0);
            bars.progress("budget", 7, "запись / writing", 500, 1_000);
        }
        String last = lines.get(lines.size() - 1);
        assertThat(last).contains("загрузка / load budget: запись / writing").contains("50%").contains("500/1000")
                .doesNotContain("строк / rows").doesNotContain("/ ?)");
    }
}
