package ru.vitrina.ingest.budget;

import org.junit.jupiter.api.Test;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.TableCounts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of {@link BudgetCsvLoadTest} again, each file converted in two parts at once (split at the first line
 * starting after its middle, as a file of 16 MB or more is), and what only the split can get wrong: a header line in
 * the second part.
 */
class BudgetCsvLoadInTwoPartsTest extends BudgetCsvLoadTest {
    @Override
    BudgetCsvLoad csvLoad(Path file, boolean reconcile) {
        return new BudgetCsvLoad(file, reconcile, 1);
    }

    @Test
    void aHeaderInTheSecondPartIsTheFilesHeaderOnlyWhenTheFirstPartHadNone() throws Exception {
        List<String> lines = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            lines.add(good(id));
        }
        lines.add(header());
        LoadResult headerLast = load(write("header-last.csv", StandardCharsets.UTF_8, false, lines));
        assertThat(headerLast.tables()).containsExactly(new TableCounts("budget.execution", 20, 20, 0));

        lines.add(0, header());
        lines.add(good(21));
        LoadResult headerTwice = load(write("header-twice.csv", StandardCharsets.UTF_8, false, lines));
        assertThat(headerTwice.tables()).containsExactly(new TableCounts("budget.execution", 22, 21, 1));
        assertThat(quarantine(headerTwice)).containsExactly(
                List.of("header-twice.csv", "22", "Повторная строка заголовка / repeated header line"));
    }
}
