package ru.vitrina.api.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The masking every audit entry's detail goes through, on the shapes of detail the routes record. */
class SecretMaskTest {

    @Test
    void aDetailWithoutSecretsIsKeptExactlySoItsHashStillMatches() {
        String query = "{\"query\": {\"measures\": [\"budget.fact\"],  \"order\": {\"budget.fact\": \"desc\"}}}";
        assertThat(SecretMask.mask(query)).isSameAs(query);
        assertThat(SecretMask.mask("format=csv&limit=10")).isSameAs("format=csv&limit=10");
        assertThat(SecretMask.mask(null)).isNull();
    }

    @Test
    void secretsAreMaskedAtAnyDepthInJsonFormsQueryStringsAndBrokenJson() {
        assertThat(SecretMask.mask("{\"request\": \"openConnection\", \"info\": {\"user\": \"analyst\", \"password\": \"hunter2 long\"}}"))
                .isEqualTo("{\"request\":\"openConnection\",\"info\":{\"user\":\"analyst\",\"password\":\"***\"}}");
        assertThat(SecretMask.mask("[{\"Client_Secret\": 42, \"name\": \"x\"}]")).isEqualTo("[{\"Client_Secret\":\"***\",\"name\":\"x\"}]");
        assertThat(SecretMask.mask("login=x&password=hunter2&next=%2F")).isEqualTo("login=x&password=***&next=%2F");
        assertThat(SecretMask.mask("a=1&api%5Fkey=k1&access_token=t1")).isEqualTo("a=1&api%5Fkey=***&access_token=***");
        assertThat(SecretMask.mask("{\"login\": \"x\", \"password\": \"hun\\\"ter2\", \"token\": abc"))
                .isEqualTo("{\"login\": \"x\", \"password\": \"***\", \"token\": \"***\"");
    }
}
