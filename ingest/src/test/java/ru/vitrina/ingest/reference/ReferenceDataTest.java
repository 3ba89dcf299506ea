package ru.vitrina.ingest.reference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceDataTest {
    private Store store;
    private DataVersion version;

    @BeforeEach
    void load() {
        store = Store.inMemory();
        version = new ReferenceData().publish(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void fillsEveryRefTable() throws SQLException {
        assertThat(count("ref.territory WHERE level = 1")).isEqualTo(1);
        assertThat(count("ref.territory WHERE level = 2")).isEqualTo(20);
        assertThat(count("ref.budget_section")).isEqualTo(111);
        assertThat(count("ref.expense_type")).isEqualTo(8);
        assertThat(count("ref.okved_section")).isEqualTo(21);
        assertThat(count("ref.okpd2_section")).isEqualTo(21);
        assertThat(count("ref.okpd2_class")).isEqualTo(88);
        assertThat(count("ref.icd10_chapter")).isEqualTo(22);
        assertThat(count("ref.procurement_method")).isGreaterThanOrEqualTo(4);
        assertThat(count("ref.budget_administrator")).isBetween(25L, 40L);
        assertThat(count("ref.target_article")).isBetween(55L, 80L);
        assertThat(count("ref.population")).isEqualTo(21L * 9);
    }

    @Test
    void publishesOneVersionWithItsLoad() throws SQLException {
        assertThat(version.publishedBy()).isEqualTo("reference");
        assertThat(count("meta.data_version")).isEqualTo(1);
        long rows = 0;
        for (String table : ReferenceData.TABLES) {
            rows += count(table);
        }
        assertThat(strings("SELECT job || ' ' || status || ' ' || data_version || ' ' || rows_loaded FROM meta.load"))
                .containsExactly("reference published " + version.version() + " " + rows);
        for (String table : ReferenceData.TABLES) {
            assertThat(strings("SELECT rows_loaded FROM meta.load_table WHERE target = '" + table + "'"))
                    .containsExactly(String.valueOf(count(table)));
        }
        assertThat(strings("SELECT name FROM meta.load_source ORDER BY name")).hasSize(12).contains("reference/settlements.csv");
        assertThat(count("meta.load_source WHERE NOT regexp_full_match(sha256, '[0-9a-f]{64}')")).isZero();
    }

    @Test
    void loadingAgainReplacesInsteadOfAdding() throws SQLException {
        long territories = count("ref.territory");
        new ReferenceData().publish(store);

        assertThat(count("ref.territory")).isEqualTo(territories);
        assertThat(count("meta.data_version")).isEqualTo(2);
        assertThat(count("meta.load")).isEqualTo(2);
    }

    @Test
    void settlementsFollowTheOktmoPatternOfTheirDistrict() throws SQLException {
        assertThat(count("ref.territory t WHERE level = 3 AND NOT regexp_full_match(oktmo, '69[0-9]{3}(1[0-9]{2}|4[0-9]{2})')"))
                .isZero();
        assertThat(count("ref.territory t WHERE level = 3 AND substr(oktmo, 1, 5) <> substr(parent_oktmo, 1, 5)")).isZero();
        assertThat(count("ref.territory t WHERE level = 3 AND (parent_oktmo <> municipality_oktmo"
                + " OR parent_oktmo NOT IN (SELECT oktmo FROM ref.territory WHERE kind_ru = 'муниципальный район'))")).isZero();
        // Every district has 2 to 6 settlements; urban okrugs have none.
        assertThat(strings("SELECT d.oktmo FROM ref.territory d LEFT JOIN ref.territory s ON s.parent_oktmo = d.oktmo"
                + " WHERE d.kind_ru = 'муниципальный район' GROUP BY d.oktmo HAVING count(s.oktmo) NOT BETWEEN 2 AND 6")).isEmpty();
        assertThat(count("ref.territory s JOIN ref.territory o ON s.parent_oktmo = o.oktmo WHERE o.kind_ru = 'городской округ'"))
                .isZero();
        assertThat(strings("SELECT oktmo FROM ref.territory WHERE level = 3 AND (kind_ru = 'городское поселение')"
                + " <> (substr(oktmo, 6, 1) = '1')")).isEmpty();
    }

    @Test
    void marksInventedSettlementsAsSyntheticWithANote() throws SQLException {
        assertThat(count("ref.territory WHERE level = 3 AND synthetic")).isGreaterThan(60);
        assertThat(count("ref.territory WHERE synthetic AND (note IS NULL OR note = '')")).isZero();
        assertThat(count("ref.territory WHERE level < 3 AND synthetic")).isZero();
        assertThat(count("ref.territory WHERE name_en IS NULL OR name_en = '' OR regexp_matches(name_en, '[А-Яа-яЁё]')")).isZero();
        assertThat(strings("SELECT name_en FROM ref.territory WHERE oktmo = '69608000'")).containsExactly("Asinovsky District");
    }

    @Test
    void populationAddsUpAndIsFlagged() throws SQLException {
        assertThat(strings("SELECT r.year FROM ref.population r JOIN (SELECT p.year, sum(p.population) s FROM ref.population p"
                + " JOIN ref.territory t USING (oktmo) WHERE t.level = 2 GROUP BY p.year) m USING (year)"
                + " WHERE r.oktmo = '69000000' AND r.population <> m.s")).isEmpty();
        assertThat(count("ref.population WHERE NOT estimated")).isEqualTo(10);
        assertThat(count("ref.population WHERE estimated AND source NOT LIKE '%оценка%' AND source NOT LIKE '%перепись%'")).isZero();
        assertThat(count("ref.population WHERE oktmo NOT IN (SELECT oktmo FROM ref.territory)")).isZero();
    }

    @Test
    void budgetSectionsPointToTheirSection() throws SQLException {
        assertThat(count("ref.budget_section WHERE section_code <> substr(code, 1, 2) || '00'")).isZero();
        assertThat(count("ref.budget_section WHERE section_code NOT IN (SELECT code FROM ref.budget_section)")).isZero();
        assertThat(strings("SELECT section_code FROM ref.budget_section WHERE code = '0702'")).containsExactly("0700");
    }

    @Test
    void classifiersHaveTheExpectedShapes() throws SQLException {
        assertThat(count("ref.budget_administrator WHERE NOT regexp_full_match(code, '[0-9]{3}')")).isZero();
        assertThat(count("ref.target_article WHERE length(code) <> 10 OR program_ru IS NULL")).isZero();
        assertThat(count("ref.okpd2_class WHERE section_code NOT IN (SELECT code FROM ref.okpd2_section)")).isZero();
        assertThat(strings("SELECT code FROM ref.icd10_chapter ORDER BY code")).contains("I", "X", "XIX", "XXII");
        assertThat(strings("SELECT blocks FROM ref.icd10_chapter WHERE code = 'X'")).containsExactly("J00-J99");
        assertThat(strings("SELECT name_ru FROM ref.procurement_method ORDER BY code"))
                .contains("Электронный аукцион", "Запрос котировок в электронной форме");
    }

    private long count(String fromWhere) throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + fromWhere)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
