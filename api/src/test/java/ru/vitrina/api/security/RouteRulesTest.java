package ru.vitrina.api.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a rule's path pattern fits request paths: literal segments, {@code {name}} segments, a final {@code **}. */
class RouteRulesTest {
    @Test
    void literalPathsFitOnlyThemselves() {
        assertThat(RouteRules.matches("/api/v1/load", "/api/v1/load")).isTrue();
        assertThat(RouteRules.matches("/api/v1/load", "/api/v1/loads")).isFalse();
        assertThat(RouteRules.matches("/api/v1/load", "/api/v1/loa")).isFalse();
        assertThat(RouteRules.matches("/api/v1/load", "/api/v1/load/")).isFalse();
        assertThat(RouteRules.matches("/api/v1/load", "/api/v1")).isFalse();
        assertThat(RouteRules.matches("/api/v1/load", "/api/v2/load")).isFalse();
    }

    @Test
    void aNamedSegmentFitsAnyNonEmptySegment() {
        assertThat(RouteRules.matches("/api/v1/dashboards/{id}", "/api/v1/dashboards/budget")).isTrue();
        assertThat(RouteRules.matches("/api/v1/dashboards/{id}", "/api/v1/dashboards/")).isFalse();
        assertThat(RouteRules.matches("/api/v1/dashboards/{id}", "/api/v1/dashboards")).isFalse();
        assertThat(RouteRules.matches("/api/v1/dashboards/{id}", "/api/v1/dashboards/budget/data")).isFalse();
        assertThat(RouteRules.matches("/api/v1/dashboards/{id}/data", "/api/v1/dashboards/budget/data")).isTrue();
        assertThat(RouteRules.matches("/api/v1/dashboards/{id}/data", "/api/v1/dashboards/budget/meta")).isFalse();
    }

    @Test
    void aFinalDoubleStarFitsWhateverFollows() {
        assertThat(RouteRules.matches("/assets/**", "/assets/app.js")).isTrue();
        assertThat(RouteRules.matches("/assets/**", "/assets/fonts/a.woff2")).isTrue();
        assertThat(RouteRules.matches("/assets/**", "/assets/")).isTrue();
        assertThat(RouteRules.matches("/assets/**", "/assets")).isTrue();
        assertThat(RouteRules.matches("/assets/**", "/asset/app.js")).isFalse();
        assertThat(RouteRules.matches("/assets/**", "/")).isFalse();
    }
}
