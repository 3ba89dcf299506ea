package ru.vitrina.engine.store;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a publication wrote, by table and, where it says so, by month; merged the safe way. */
class WrittenTest {
    private static final TablesRead BUDGET = new TablesRead(true, Set.of("budget.execution"));
    private static final LocalDate JANUARY = LocalDate.of(2025, 1, 1);
    private static final LocalDate FEBRUARY = LocalDate.of(2025, 2, 1);

    @Test
    void aTableWrittenInSomeMonthsIsChangedAndNamesThemAsFirstDays() {
        Written written = Written.partitions("Budget.Execution", "\"Operation_Date\"", Set.of(LocalDate.of(2025, 1, 17)));
        assertThat(written.changes(BUDGET)).isTrue();
        assertThat(written.changes(new TablesRead(true, Set.of("procurement.contract")))).isFalse();
        assertThat(written.monthsOf("budget.execution")).contains(new Written.Months("operation_date", Set.of(JANUARY)));
        assertThat(written.monthsOf("procurement.contract")).isEmpty();
    }

    @Test
    void theSameTableByTheSameColumnMergesItsMonths() {
        Written written = Written.partitions("budget.execution", "operation_date", Set.of(JANUARY))
                .and(Written.partitions("budget.execution", "OPERATION_DATE", Set.of(FEBRUARY)))
                .and(Written.tables(List.of("procurement.contract")));
        assertThat(written.monthsOf("budget.execution")).contains(new Written.Months("operation_date", Set.of(JANUARY, FEBRUARY)));
        assertThat(written.tables()).containsExactly("procurement.contract");
    }

    @Test
    void twoColumnsOrOneSideWrittenWholeMakeTheWholeTable() {
        Written byMonths = Written.partitions("budget.execution", "operation_date", Set.of(JANUARY));
        Written twoColumns = byMonths.and(Written.partitions("budget.execution", "modified_at", Set.of(JANUARY)));
        Written whole = Written.tables(List.of("budget.execution")).and(byMonths);
        for (Written written : List.of(twoColumns, whole, byMonths.and(Written.tables(List.of("budget.execution"))))) {
            assertThat(written.changes(BUDGET)).isTrue();
            assertThat(written.monthsOf("budget.execution")).isEmpty();
            assertThat(written.tables()).containsExactly("budget.execution");
            assertThat(written.partitions()).isEmpty();
        }
    }

    @Test
    void everythingOrTheWholeSchemaHidesTheMonths() {
        Written byMonths = Written.partitions("budget.execution", "operation_date", Set.of(JANUARY));
        assertThat(byMonths.and(Written.everything()).monthsOf("budget.execution")).isEmpty();
        assertThat(byMonths.and(Written.schemas("Budget")).monthsOf("budget.execution")).isEmpty();
        assertThat(byMonths.and(Written.schemas("meta", "temp")).monthsOf("budget.execution")).isPresent();
    }

    @Test
    void noMonthsIsNoChange() {
        Written written = Written.partitions("budget.execution", "operation_date", Set.of());
        assertThat(written.changes(BUDGET)).isFalse();
        assertThat(written.and(Written.partitions("budget.execution", "operation_date", Set.of(JANUARY))).changes(BUDGET)).isTrue();
        assertThat(written.monthsOf("budget.execution")).contains(new Written.Months("operation_date", Set.of()));
    }
}
