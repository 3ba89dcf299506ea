package ru.vitrina.indicators.collection;

import com.fasterxml.jackson.databind.node.DoubleNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;
import ru.vitrina.indicators.DemoStore;
import ru.vitrina.indicators.IndicatorException;
import ru.vitrina.indicators.monitoring.IndicatorService;
import ru.vitrina.indicators.monitoring.SeriesPoint;
import ru.vitrina.indicators.status.Status;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The approval workflow on SK-1 (2024 target 70 %, tolerance 5 % = 3.5 p.p.) in the region: a draft off target,
 * a return, a resubmission, approval and publication, the frozen value, a revision beside the first published
 * value, four eyes, and two people editing at once.
 */
class WorkflowTest {
    private static final String REGION = "69000000";
    private static final Principal READER = new Principal("analyst", Set.of(Role.ANALYST), Set.of(), Set.of());
    private static DemoStore demo;
    private static IndicatorService service;
    private static CollectionService collection;

    @BeforeAll
    static void open() {
        demo = DemoStore.open();
        service = demo.service();
        collection = service.collection();
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    @Test
    void draftReturnResubmitApproveAndRevise() {
        EntryKey key = collection.key("SK-1", "2024", REGION);
        Entry draft = collection.save(People.OFFICER, key, request(65, null, null));
        assertThat(draft.state()).isEqualTo(EntryState.DRAFT);
        assertThat(draft.version()).isEqualTo(1);

        assertRefused(400, "добавьте комментарий", () -> collection.submit(People.OFFICER, key, 1));
        Entry explained = collection.save(People.OFFICER, key, request(65, "Задержка поставки оборудования", 1));
        Entry submitted = collection.submit(People.OFFICER, key, explained.version());
        assertThat(submitted.state()).isEqualTo(EntryState.SUBMITTED);
        assertRefused(409, "на утверждении", () -> collection.save(People.OFFICER, key, request(66, "x", submitted.version())));
        assertRefused(403, "администратор", () -> collection.approve(People.OFFICER, key, submitted.version()));
        assertRefused(400, "нужен комментарий", () -> collection.returnForRework(People.ADMINISTRATOR, key, " ", submitted.version()));

        Entry returned = collection.returnForRework(People.ADMINISTRATOR, key, "Сверьте с формой 1-ИТ", submitted.version());
        assertThat(returned.state()).isEqualTo(EntryState.RETURNED);
        assertThat(returned.reviewComment()).isEqualTo("Сверьте с формой 1-ИТ");
        assertThat(service.series("SK-1", REGION, "2024", "2024", READER).get(0).value()).as("not published yet").isNull();

        Entry corrected = collection.save(People.OFFICER, key, request(68, "Уточнено по форме 1-ИТ", returned.version()));
        Entry resubmitted = collection.submit(People.OFFICER, key, corrected.version());
        long before = demo.store().currentVersion().orElseThrow().version();
        Entry approved = collection.approve(People.ADMINISTRATOR, key, resubmitted.version());
        assertThat(demo.store().currentVersion().orElseThrow().version()).as("approval publishes").isEqualTo(before + 1);
        assertThat(approved.publishedValue()).isEqualTo(68.0);
        assertThat(approved.firstPublishedValue()).isEqualTo(68.0);

        SeriesPoint published = service.series("SK-1", REGION, "2024", "2024", READER).get(0);
        assertThat(published.value()).isEqualTo(68.0);
        assertThat(published.assessment().status()).isEqualTo(Status.AT_RISK); // 2 short of 70, within 3.5
        assertThat(published.firstPublished()).isNull();

        assertRefused(409, "заморожено", () -> collection.save(People.OFFICER, key, request(69, "x", approved.version())));
        assertRefused(400, "нужна причина", () -> collection.revise(People.OFFICER, key, request(71, null, approved.version())));
        Entry revision = collection.revise(People.OFFICER, key, request(71, "Росстат уточнил данные", approved.version()));
        assertThat(revision.state()).isEqualTo(EntryState.DRAFT);
        assertThat(service.series("SK-1", REGION, "2024", "2024", READER).get(0).value()).as("readers keep the approved value").isEqualTo(68.0);
        Entry revised = collection.approve(People.ADMINISTRATOR, key, collection.submit(People.OFFICER, key, revision.version()).version());
        assertThat(revised.revision()).isEqualTo(2);

        SeriesPoint afterRevision = service.series("SK-1", REGION, "2024", "2024", READER).get(0);
        assertThat(afterRevision.value()).isEqualTo(71.0);
        assertThat(afterRevision.firstPublished()).isEqualTo(68.0);
        assertThat(afterRevision.assessment().status()).isEqualTo(Status.ON_TRACK);

        List<HistoryRecord> history = collection.history(key);
        assertThat(history).extracting(HistoryRecord::action).containsExactly(
                "save", "save", "submit", "return", "save", "submit", "approve", "revise", "submit", "approve");
        assertThat(history).extracting(HistoryRecord::login).containsExactly(
                "ivanova", "ivanova", "ivanova", "petrov", "ivanova", "ivanova", "petrov", "ivanova", "ivanova", "petrov");
        HistoryRecord correction = history.get(4);
        assertThat(correction.oldValue()).isEqualTo(65.0);
        assertThat(correction.newValue()).isEqualTo(68.0);
        assertThat(correction.oldState()).isEqualTo("returned");
        assertThat(correction.newState()).isEqualTo("draft");
        assertThat(history.get(7).oldValue()).isEqualTo(68.0);
        assertThat(history.get(7).newValue()).isEqualTo(71.0);
        assertThat(history).allSatisfy(change -> assertThat(change.at()).isNotNull());
    }

    @Test
    void twoPeopleEditingAtOnce() {
        EntryKey key = collection.key("SK-1", "2023", REGION);
        Entry first = collection.save(People.OFFICER, key, request(50, null, 0));
        // Both read version 1; the first to write wins, the second is told who changed it.
        collection.save(People.OFFICER, key, request(51, null, first.version()));
        IndicatorException conflict = assertRefused(409, "уже изменил(а) ivanova",
                () -> collection.save(People.SECOND_OFFICER, key, request(52, null, first.version())));
        assertThat(conflict.getMessage()).contains("reload and try again");
        assertThat(collection.find(key).orElseThrow().value()).isEqualTo(51.0);
        // Creating a value someone has just created is a conflict too.
        assertRefused(409, "уже внесено", () -> collection.save(People.SECOND_OFFICER, key, request(53, null, 0)));
        // The approver works from a stale version: refused.
        Entry submitted = collection.submit(People.OFFICER, key, 2);
        assertRefused(409, "версия " + submitted.version(), () -> collection.approve(People.ADMINISTRATOR, key, submitted.version() - 1));
        assertThat(collection.approve(People.ADMINISTRATOR, key, submitted.version()).state()).isEqualTo(EntryState.APPROVED);
    }

    @Test
    void nobodyApprovesTheirOwnValue() {
        EntryKey key = collection.key("SK-4", "2024", REGION);
        Entry saved = collection.save(People.OFFICER_AND_ADMINISTRATOR, key, request(95, null, 0));
        Entry submitted = collection.submit(People.OFFICER_AND_ADMINISTRATOR, key, saved.version());
        assertRefused(403, "четырёх глаз", () -> collection.approve(People.OFFICER_AND_ADMINISTRATOR, key, submitted.version()));
        assertThat(collection.approve(People.ADMINISTRATOR, key, submitted.version()).state()).isEqualTo(EntryState.APPROVED);
    }

    @Test
    void nobodyApprovesAValueTheyEnteredThoughSomeoneElseSubmittedIt() {
        Principal colleague = new Principal("sidorova", Set.of(Role.DATA_OFFICER), Set.of(), Set.of("SK-4"));
        EntryKey key = collection.key("SK-4", "2023", REGION);
        Entry saved = collection.save(People.OFFICER_AND_ADMINISTRATOR, key, request(100, "по отчёту", 0));
        Entry submitted = collection.submit(colleague, key, saved.version());
        assertRefused(403, "вносили или изменяли", () -> collection.approve(People.OFFICER_AND_ADMINISTRATOR, key, submitted.version()));
        assertRefused(403, "вносили или изменяли", () -> collection.returnForRework(People.OFFICER_AND_ADMINISTRATOR, key, "нет", submitted.version()));
        Entry approved = collection.approve(People.ADMINISTRATOR, key, submitted.version());
        // After the approval a revision typed by the colleague is the boss's to review.
        Entry revised = collection.revise(colleague, key, request(99, "уточнено", approved.version()));
        Entry resubmitted = collection.submit(colleague, key, revised.version());
        assertThat(collection.approve(People.OFFICER_AND_ADMINISTRATOR, key, resubmitted.version()).value()).isEqualTo(99);
    }

    private static EntryRequest request(double value, String comment, Integer version) {
        return new EntryRequest(DoubleNode.valueOf(value), null, comment, version);
    }

    private static IndicatorException assertRefused(int status, String message, Runnable action) {
        IndicatorException error = catchThrowableOfType(IndicatorException.class, action::run);
        assertThat(error).as("refused with " + status).isNotNull();
        assertThat(error.status()).as(error.getMessage()).isEqualTo(status);
        assertThat(error.getMessage()).contains(message);
        return error;
    }
}
