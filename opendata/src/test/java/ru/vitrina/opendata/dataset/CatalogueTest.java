package ru.vitrina.opendata.dataset;

import org.junit.jupiter.api.Test;
import ru.vitrina.opendata.v3.V3FilesGoldenTestFixture;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped catalogue, and the identifier rules of the recommendations (INN of 10 or 12 digits, Latin code). */
class CatalogueTest {

    @Test
    void shippedCatalogueHasFourSetsOfTheOwner() {
        Catalogue catalogue = new CatalogueReader().builtIn();
        assertThat(catalogue.dataSets()).extracting(DataSet::identifier).containsExactly("7000000885-BudgetExecution",
                "7000000885-ProcurementContracts", "7000000885-LabourMarket", "7000000885-Morbidity");
        assertThat(catalogue.find("7000000885-morbidity")).as("by CKAN name").isPresent();
        DataSet health = catalogue.find("7000000885-Morbidity").orElseThrow();
        assertThat(health.disclosure().threshold()).isEqualTo(5);
        assertThat(health.disclosure().also()).containsExactly("cases_per_100000");
        assertThat(catalogue.find("7000000885-LabourMarket").orElseThrow().disclosure()).isNotNull();
        assertThat(catalogue.find("7000000885-BudgetExecution").orElseThrow().disclosure()).isNull();
        assertThat(health.publisher().mbox()).contains("@");
    }

    @Test
    void identifiersFollowTheRecommendations() {
        DataSet good = V3FilesGoldenTestFixture.dataSet();
        assertThatThrownBy(() -> copy(good, "Forest-Death", good.ownerInn())).hasMessageContaining("Latin letters");
        assertThatThrownBy(() -> copy(good, "Лес", good.ownerInn())).hasMessageContaining("Latin letters");
        assertThatThrownBy(() -> copy(good, "Forest", "12345")).hasMessageContaining("10 or 12 digits");
        assertThat(copy(good, "Forest", "123456789012").identifier()).isEqualTo("123456789012-Forest");
        assertThatThrownBy(() -> new Catalogue("org", good.title(), good.ownerInn(), List.of(good, good))).hasMessageContaining("share an identifier");
    }

    private static DataSet copy(DataSet set, String code, String inn) {
        return new DataSet(code, inn, set.title(), set.description(), set.creator(), set.keywords(), set.publisher(), set.periodicity(),
                set.validDays(), set.licence(), set.source(), set.query(), set.disclosure());
    }
}
