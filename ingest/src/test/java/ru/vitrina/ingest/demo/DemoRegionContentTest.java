package ru.vitrina.ingest.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.vitrina.engine.store.Store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What one generated demo region contains: codes that exist, and numbers in realistic ranges. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoRegionContentTest {
    private Store store;
    private Queries q;

    @BeforeAll
    void generate() {
        store = Store.inMemory();
        new DemoRegion(7, DemoSize.TEST).generate(store, ProgressListener.none());
        q = new Queries(store);
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ReferenceIntegrity {
        @ParameterizedTest
        @ValueSource(strings = {
                "budget.execution WHERE oktmo NOT IN (SELECT oktmo FROM ref.territory WHERE level IN (2, 3))",
                "budget.execution WHERE municipality_oktmo NOT IN (SELECT oktmo FROM ref.territory WHERE level = 2)",
                "budget.execution e JOIN ref.territory t USING (oktmo) WHERE t.municipality_oktmo <> e.municipality_oktmo",
                "budget.execution WHERE administrator_code NOT IN (SELECT code FROM ref.budget_administrator)",
                "budget.execution WHERE subsection_code NOT IN (SELECT code FROM ref.budget_section WHERE code NOT LIKE '__00')",
                "budget.execution e JOIN ref.budget_section s ON s.code = e.subsection_code WHERE s.section_code <> e.section_code",
                "budget.execution WHERE section_code NOT IN (SELECT code FROM ref.budget_section)",
                "budget.execution WHERE target_article NOT IN (SELECT code FROM ref.target_article)",
                "budget.execution WHERE expense_type NOT IN (SELECT code FROM ref.expense_type)",
                "procurement.contract WHERE oktmo NOT IN (SELECT oktmo FROM ref.territory WHERE level = 2)",
                "procurement.contract WHERE method_code NOT IN (SELECT code FROM ref.procurement_method)",
                "procurement.contract WHERE okpd2_code NOT IN (SELECT code FROM ref.okpd2_class)",
                "health.morbidity WHERE oktmo NOT IN (SELECT oktmo FROM ref.territory WHERE level = 2)",
                "health.morbidity WHERE icd10_chapter NOT IN (SELECT code FROM ref.icd10_chapter)",
                "health.resources WHERE oktmo NOT IN (SELECT oktmo FROM ref.territory WHERE level = 2)",
                "labour.market WHERE oktmo NOT IN (SELECT oktmo FROM ref.territory WHERE level = 2)",
                "labour.market WHERE okved_section NOT IN (SELECT code FROM ref.okved_section)",
                "budget.execution WHERE load_id NOT IN (SELECT load_id FROM meta.load)",
                "procurement.contract WHERE load_id NOT IN (SELECT load_id FROM meta.load)",
                "health.morbidity WHERE load_id NOT IN (SELECT load_id FROM meta.load)",
                "health.resources WHERE load_id NOT IN (SELECT load_id FROM meta.load)",
                "labour.market WHERE load_id NOT IN (SELECT load_id FROM meta.load)",
                "ref.population WHERE load_id NOT IN (SELECT load_id FROM meta.load)"})
        void everyCodeExists(String violations) throws SQLException {
            assertThat(q.count(violations)).as(violations).isZero();
        }

        @Test
        void everyMunicipalityAppearsInEveryDomain() throws SQLException {
            for (String table : List.of("budget.execution", "health.morbidity", "health.resources", "labour.market")) {
                assertThat(q.count("(SELECT DISTINCT municipality_oktmo FROM (SELECT "
                        + (table.equals("budget.execution") ? "municipality_oktmo" : "oktmo AS municipality_oktmo")
                        + " FROM " + table + "))")).as(table).isEqualTo(20);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Budget {
        @ParameterizedTest
        @ValueSource(ints = {2023, 2024, 2025, 2026})
        void executionGrowsThroughTheYear(int year) throws SQLException {
            String in = " FROM budget.execution WHERE year(operation_date) = " + year;
            double september = q.fraction("SELECT sum(fact_amount) FILTER (WHERE month(operation_date) <= 9)"
                    + " / sum(plan_amount) FILTER (WHERE month(operation_date) <= 9)" + in);
            assertThat(september).isBetween(0.60, 0.80);
            if (year < 2026) {
                assertThat(q.fraction("SELECT sum(fact_amount) / sum(plan_amount)" + in)).isBetween(0.90, 1.0);
                List<String> months = q.strings("SELECT month(operation_date) m" + in
                        + " GROUP BY m ORDER BY sum(fact_amount) DESC LIMIT 1");
                assertThat(months).as("the month with the most cash").containsExactly("12");
            }
        }

        @Test
        void allocationsAreThoseOfARegionOfAMillionPeople() throws SQLException {
            for (String total : q.strings("SELECT sum(plan_amount) FROM budget.execution GROUP BY year(operation_date)")) {
                assertThat(Double.parseDouble(total)).isBetween(100e9, 135e9);
            }
            assertThat(q.fraction("SELECT sum(plan_amount) FILTER (WHERE month(operation_date) = 1) / sum(plan_amount)"
                    + " FROM budget.execution")).isBetween(0.85, 0.99);
        }

        @Test
        void largestSectionsAreEducationSocialEconomyAndHealth() throws SQLException {
            assertThat(q.strings("SELECT section_code FROM budget.execution GROUP BY 1 ORDER BY sum(plan_amount) DESC LIMIT 4"))
                    .containsExactlyInAnyOrder("0700", "1000", "0400", "0900");
        }

        @Test
        void tomskSpendsAboutHalf() throws SQLException {
            assertThat(q.fraction("SELECT sum(plan_amount) FILTER (WHERE municipality_oktmo = '69701000') / sum(plan_amount)"
                    + " FROM budget.execution")).isBetween(0.40, 0.65);
        }

        @Test
        void eachOperationIsAnAllocationOrAPayment() throws SQLException {
            assertThat(q.count("budget.execution WHERE (plan_amount <> 0) = (fact_amount <> 0)")).isZero();
            assertThat(q.count("budget.execution WHERE abs(limit_amount) > abs(plan_amount)")).isZero();
            assertThat(q.count("budget.execution WHERE fact_amount < 0")).isZero();
            assertThat(q.count("budget.execution WHERE NOT regexp_full_match(document_id, '(УБА|ПП)-20[0-9]{2}-[0-9]{7}')"))
                    .isZero();
            assertThat(q.count("budget.execution WHERE (document_id LIKE 'ПП%') <> (fact_amount <> 0)")).isZero();
        }

        @Test
        void paymentsNeverExceedTheLimitsOfTheirLine() throws SQLException {
            assertThat(q.count("(SELECT year(operation_date) y, oktmo, administrator_code, subsection_code, target_article,"
                    + " expense_type FROM budget.execution GROUP BY ALL HAVING sum(fact_amount) > sum(limit_amount) + 1)"))
                    .isZero();
        }

        @Test
        void theTableIsStoredInOperationOrder() throws SQLException {
            // rowid is the physical position in a table without deletions.
            assertThat(q.count("budget.execution WHERE operation_id <> rowid + 1")).isZero();
        }

        @Test
        void operationsAreNumberedInTimeOrderOnWorkingDays() throws SQLException {
            assertThat(q.number("SELECT min(operation_id) FROM budget.execution").longValue()).isEqualTo(1);
            assertThat(q.number("SELECT max(operation_id) - count(DISTINCT operation_id) FROM budget.execution").longValue())
                    .isZero();
            assertThat(q.count("(SELECT modified_at < lag(modified_at) OVER (ORDER BY operation_id) AS back"
                    + " FROM budget.execution) WHERE back")).isZero();
            assertThat(q.count("budget.execution WHERE CAST(modified_at AS DATE) <> operation_date"
                    + " OR operation_date NOT BETWEEN DATE '2023-01-01' AND DATE '2026-10-31'"
                    + " OR isodow(operation_date) > 5")).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Procurement {
        @Test
        void taxNumbersAreValidTomskNumbers() throws SQLException {
            try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT customer_inn, customer_kpp, supplier_inn, reg_number, sign_date FROM procurement.contract")) {
                int n = 0;
                while (rows.next()) {
                    String customer = rows.getString(1);
                    String kpp = rows.getString(2);
                    String supplier = rows.getString(3);
                    String registry = rows.getString(4);
                    assertThat(TaxIds.isValidInn(customer)).as(customer).isTrue();
                    assertThat(customer).hasSize(10).startsWith("70");
                    assertThat(TaxIds.isValidKpp(kpp)).as(kpp).isTrue();
                    assertThat(kpp).isEqualTo(customer.substring(0, 4) + "01001");
                    assertThat(TaxIds.isValidInn(supplier)).as(supplier).isTrue();
                    assertThat(supplier).startsWith("70");
                    assertThat(registry).hasSize(19).matches("\\d{19}")
                            .startsWith("3" + customer + rows.getDate(5).toLocalDate().toString().substring(2, 4));
                    n++;
                }
                assertThat(n).isEqualTo(DemoSize.TEST.contracts());
            }
            assertThat(q.count("(SELECT reg_number FROM procurement.contract GROUP BY 1 HAVING count(*) > 1)")).isZero();
        }

        @Test
        void pricesAndSavingsArePlausible() throws SQLException {
            assertThat(q.count("procurement.contract WHERE contract_price > initial_price OR contract_price <= 0")).isZero();
            assertThat(q.count("procurement.contract WHERE method_code = 'EP44' AND contract_price <> initial_price")).isZero();
            assertThat(q.fraction("SELECT median(1 - contract_price / initial_price) FROM procurement.contract"
                    + " WHERE method_code IN ('EA44', 'OK44', 'ZK44')")).isBetween(0.0, 0.15);
            assertThat(q.fraction("SELECT avg(CASE WHEN 1 - contract_price / initial_price <= 0.15 THEN 1 ELSE 0 END)"
                    + " FROM procurement.contract")).isGreaterThan(0.8);
        }

        @Test
        void smallBusinessesWinAThirdAndFewContractsAreTerminated() throws SQLException {
            assertThat(q.fraction("SELECT avg(CASE WHEN supplier_is_smb THEN 1 ELSE 0 END) FROM procurement.contract"))
                    .isBetween(0.25, 0.45);
            assertThat(q.fraction("SELECT avg(CASE WHEN status = 'terminated' THEN 1 ELSE 0 END) FROM procurement.contract"))
                    .isBetween(0.005, 0.07);
            assertThat(q.strings("SELECT DISTINCT status FROM procurement.contract ORDER BY 1"))
                    .containsExactly("executed", "executing", "terminated");
            assertThat(q.count("procurement.contract WHERE sign_date NOT BETWEEN DATE '2023-01-01' AND DATE '2026-10-31'"
                    + " OR isodow(sign_date) > 5")).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Health {
        @Test
        void populationIsTheMunicipalitysForTheReportYear() throws SQLException {
            for (String table : List.of("health.morbidity", "health.resources")) {
                assertThat(q.count(table + " h LEFT JOIN ref.population p ON p.oktmo = h.oktmo"
                        + " AND p.year = year(h.report_month) WHERE p.population IS DISTINCT FROM h.population")).as(table).isZero();
            }
            assertThat(q.count("health.morbidity WHERE day(report_month) <> 1")).isZero();
        }

        @Test
        void bedsDoctorsAndDeathsPerThousandAreRealistic() throws SQLException {
            String perMonth = "(SELECT report_month, sum(hospital_beds) * 1000.0 / sum(population) beds,"
                    + " sum(doctors) * 1000.0 / sum(population) doctors, sum(deaths) * 12000.0 / sum(population) deaths"
                    + " FROM health.resources GROUP BY 1)";
            assertThat(q.fraction("SELECT min(beds) FROM " + perMonth)).isGreaterThanOrEqualTo(7.0);
            assertThat(q.fraction("SELECT max(beds) FROM " + perMonth)).isLessThanOrEqualTo(8.0);
            assertThat(q.fraction("SELECT min(doctors) FROM " + perMonth)).isGreaterThanOrEqualTo(4.0);
            assertThat(q.fraction("SELECT max(doctors) FROM " + perMonth)).isLessThanOrEqualTo(5.0);
            for (String deaths : q.strings("SELECT avg(deaths) FROM " + perMonth + " WHERE year(report_month) < 2026"
                    + " GROUP BY year(report_month)")) {
                assertThat(Double.parseDouble(deaths)).isBetween(12.0, 16.0);
            }
        }

        @Test
        void respiratoryDiseasesPeakInWinter() throws SQLException {
            for (int year = 2023; year <= 2026; year++) {
                String respiratory = "SELECT sum(cases) FROM health.morbidity WHERE icd10_chapter = 'X' AND report_month = DATE '";
                assertThat(q.number(respiratory + year + "-01-01'"))
                        .isGreaterThan(q.number(respiratory + year + "-07-01'").multiply(java.math.BigDecimal.valueOf(2)));
            }
            for (String rate : q.strings("SELECT sum(cases) * 1000.0 / (sum(population) / 20.0 / 12) FROM health.morbidity"
                    + " WHERE year(report_month) < 2026 GROUP BY year(report_month)")) {
                assertThat(Double.parseDouble(rate)).as("new cases per 1000 a year").isBetween(600.0, 1000.0);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Labour {
        @Test
        void labourForceAddsUpPerMunicipalityAndIsAboutHalfThePopulation() throws SQLException {
            String perMunicipality = "(SELECT m.report_month, m.oktmo, sum(m.labour_force) force, any_value(p.population) pop"
                    + " FROM labour.market m JOIN ref.population p ON p.oktmo = m.oktmo AND p.year = year(m.report_month)"
                    + " GROUP BY ALL)";
            assertThat(q.count(perMunicipality + " WHERE force NOT BETWEEN 0.44 * pop AND 0.57 * pop")).isZero();
            // The split over sections is of one labour force, the same in every month of a year.
            assertThat(q.count("(SELECT oktmo, year(report_month) FROM " + perMunicipality
                    + " GROUP BY ALL HAVING count(DISTINCT force) > 1)")).isZero();
            assertThat(q.count("labour.market WHERE labour_force < 0 OR registered_unemployed > labour_force")).isZero();
        }

        @Test
        void unemploymentVacanciesAndSalariesAreRealistic() throws SQLException {
            String perMonth = "(SELECT report_month, sum(registered_unemployed) / sum(labour_force) unemployment,"
                    + " sum(vacancies) / sum(labour_force) vacancies FROM labour.market GROUP BY 1)";
            assertThat(q.fraction("SELECT min(unemployment) FROM " + perMonth)).isGreaterThanOrEqualTo(0.005);
            assertThat(q.fraction("SELECT max(unemployment) FROM " + perMonth)).isLessThanOrEqualTo(0.03);
            assertThat(q.fraction("SELECT min(vacancies) FROM " + perMonth)).isGreaterThanOrEqualTo(0.005);
            assertThat(q.fraction("SELECT max(vacancies) FROM " + perMonth)).isLessThanOrEqualTo(0.05);
            assertThat(q.count("labour.market WHERE vacancies > 0"
                    + " AND offered_salary_total / vacancies NOT BETWEEN 40000 AND 90000")).isZero();
            assertThat(q.count("labour.market WHERE vacancies = 0 AND offered_salary_total <> 0")).isZero();
        }
    }
}
