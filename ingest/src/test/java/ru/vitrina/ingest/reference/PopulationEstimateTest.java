package ru.vitrina.ingest.reference;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PopulationEstimateTest {
    private final List<PopulationEstimate.Municipality> municipalities = municipalities();
    private final List<PopulationEstimate.Row> rows = new PopulationEstimate(municipalities).rows("69000000");

    private static List<PopulationEstimate.Municipality> municipalities() {
        List<PopulationEstimate.Municipality> list = new ArrayList<>();
        for (Map<String, String> row : new ReferenceFiles().rows("tomsk_oblast_mo.csv")) {
            String p = row.get("population");
            list.add(new PopulationEstimate.Municipality(row.get("oktmo"), row.get("type"),
                    p.isBlank() ? null : Long.valueOf(p)));
        }
        return list;
    }

    @Test
    void coversTheRegionAndEveryMunicipalityForEveryYear() {
        assertThat(rows).hasSize((municipalities.size() + 1) * (PopulationEstimate.LAST_YEAR - PopulationEstimate.FIRST_YEAR + 1));
    }

    @Test
    void municipalitiesAddUpToTheRegionEveryYear() {
        Map<Integer, Long> region = rows.stream().filter(r -> r.oktmo().equals("69000000"))
                .collect(Collectors.toMap(PopulationEstimate.Row::year, PopulationEstimate.Row::population));
        Map<Integer, Long> sums = rows.stream().filter(r -> !r.oktmo().equals("69000000"))
                .collect(Collectors.groupingBy(PopulationEstimate.Row::year,
                        Collectors.summingLong(PopulationEstimate.Row::population)));

        assertThat(sums).isEqualTo(region);
    }

    @Test
    void keepsThePublishedFiguresAndMarksEverythingElseEstimated() {
        Map<String, Long> published = new PopulationEstimate(municipalities).published2018();
        assertThat(published).hasSize(9).containsEntry("69701000", 594_827L).containsEntry("69741000", 113_847L);

        for (PopulationEstimate.Row row : rows) {
            boolean isPublished = row.year() == 2018 && published.containsKey(row.oktmo())
                    || row.year() == 2025 && row.oktmo().equals("69000000");
            assertThat(row.estimated()).as(row.toString()).isEqualTo(!isPublished);
            if (row.year() == 2018 && published.containsKey(row.oktmo())) {
                assertThat(row.population()).isEqualTo(published.get(row.oktmo()));
            }
            assertThat(row.source()).isNotBlank();
        }
    }

    @Test
    void hitsTheRegionAnchorsAndDeclinesGently() {
        assertThat(PopulationEstimate.regionTotal(2025)).isEqualTo(1_039_458L);
        assertThat(PopulationEstimate.regionTotal(2022)).isEqualTo(1_062_666L);
        for (int year = PopulationEstimate.FIRST_YEAR + 1; year <= PopulationEstimate.LAST_YEAR; year++) {
            double change = (double) PopulationEstimate.regionTotal(year) / PopulationEstimate.regionTotal(year - 1) - 1;
            assertThat(change).as("change in " + year).isBetween(-0.012, 0.0);
        }
    }

    @Test
    void tomskIsAboutHalfTheRegion() {
        long tomsk = rows.stream().filter(r -> r.oktmo().equals("69701000") && r.year() == 2025).findFirst().orElseThrow().population();

        assertThat((double) tomsk / 1_039_458).isBetween(0.5, 0.6);
    }
}
