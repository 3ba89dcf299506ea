package ru.vitrina.engine.access;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PrincipalTest {
    @Test
    void analystsAndMunicipalOfficersAskQuestionsOfTheirOwnWallScreensThePublicAndVitrinaItselfDoNot() {
        assertThat(user(Role.ANALYST).asksOwnQuestions()).isTrue();
        assertThat(user(Role.MUNICIPAL_OFFICER).asksOwnQuestions()).isTrue();
        assertThat(user(Role.VIEWER, Role.ANALYST).asksOwnQuestions()).as("an analyst who also watches the wall").isTrue();
        assertThat(user(Role.VIEWER).asksOwnQuestions()).isFalse();
        assertThat(user(Role.DATA_OFFICER).asksOwnQuestions()).isFalse();
        assertThat(user(Role.ADMINISTRATOR).asksOwnQuestions()).isFalse();
        assertThat(Principal.anonymous().asksOwnQuestions()).isFalse();
        assertThat(Principal.system().asksOwnQuestions()).as("holds every role, waits for no analyst").isFalse();
    }

    private static Principal user(Role first, Role... more) {
        return new Principal("someone", EnumSet.of(first, more), Set.of(), Set.of());
    }
}
