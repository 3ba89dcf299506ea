package ru.vitrina.opendata.ckan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * package_search's fq as CKAN clients write it: ckanext-harvest's incremental harvest asks
 * {@code metadata_modified:[2026-11-20T02:00:00Z TO *]} and joins organizations with OR; quoted tags hold spaces.
 */
class FilterQueryTest {
    private static final JsonNode PACKAGE;

    static {
        try {
            PACKAGE = new ObjectMapper().readTree("""
                    {"id": "7000000885-Morbidity", "name": "7000000885-morbidity", "owner_org": "tomsk-oblast", "type": "dataset",
                     "license_id": "cc-by", "state": "active",
                     "metadata_created": "2026-10-01T03:00:00.000000", "metadata_modified": "2026-11-20T03:00:00.000000",
                     "tags": [{"name": "здравоохранение"}, {"name": "исполнение бюджета"}], "resources": [{"format": "CSV"}]}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                                         | true",
            "*:*                                                        | true",
            "metadata_modified:[2026-11-20T02:00:00Z TO *]             | true",
            "metadata_modified:[2026-11-20T04:00:00Z TO *]             | false",
            "metadata_modified:[* TO 2026-11-20T03:00:00Z]             | true",
            "metadata_modified:[* TO 2026-11-20T03:00:00Z}             | false",
            "metadata_created:[2026-09-01T00:00:00 TO 2026-10-02T00:00:00] | true",
            "organization:tomsk-oblast metadata_modified:[2026-11-20T02:00:00Z TO *] | true",
            "organization:moscow OR organization:tomsk-oblast           | true",
            "(organization:moscow OR organization:kazan)               | false",
            "-organization:moscow                                       | true",
            "-groups:anything                                           | true",
            "groups:anything                                            | false",
            "tags:\"исполнение бюджета\"                                | true",
            "tags:бюджет                                                | false",
            "res_format:csv AND name:7000000885-morbidity              | true",
            "id:7000000885-Morbidity                                    | true"})
    void termsMatchAPackageAsSolrWould(String fq, boolean expected) {
        assertThat(FilterQuery.parse(fq).matches(PACKAGE)).as(fq).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "colour:red                                      | colour",
            "metadata_modified:[NOW-1DAY TO *]               | NOW-1DAY",
            "metadata_modified:[2026-11-20T02:00:00Z TO *    | unclosed",
            "name:[a TO b]                                   | metadata_modified",
            "OR name:x                                       | starts with OR",
            "nocolon                                         | field:value"})
    void unreadableTermsAreRefusedNamingThem(String fq, String named) {
        assertThatThrownBy(() -> FilterQuery.parse(fq)).isInstanceOf(CkanError.class)
                .satisfies(e -> assertThat(((CkanError) e).status()).isEqualTo(400))
                .hasMessageContaining(named);
    }
}
