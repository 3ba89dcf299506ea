package ru.vitrina.dashboards;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaylistTest {
    private final DashboardCatalog dashboards = DashboardCatalog.builtIn();
    private final PlaylistReader reader = new PlaylistReader();

    private Playlist read(String text) {
        return reader.read("playlists/trial.yaml", "trial", text, dashboards);
    }

    @Test
    void theShippedWallPlaylistNamesRealScreensAndVariables() {
        Playlist wall = PlaylistCatalog.builtIn(dashboards).find("wall").orElseThrow();
        assertThat(wall.slides()).extracting(Playlist.Slide::dashboard).startsWith("governor", "budget").contains("municipality");
        assertThat(wall.slides()).filteredOn(s -> s.dashboard().equals("municipality"))
                .allSatisfy(s -> assertThat(s.variables()).containsKey("territory"));
    }

    @Test
    void readsTimesAndVariables() {
        Playlist playlist = read("""
                title: Проба
                screens:
                  - {dashboard: governor, seconds: 20}
                  - {dashboard: municipality, variables: {territory: "69608000", period: "2025-06"}}
                """);
        assertThat(playlist.slides().get(0).seconds()).isEqualTo(20);
        assertThat(playlist.slides().get(1).seconds()).isEqualTo(60);
        assertThat(playlist.slides().get(1).variables()).containsEntry("territory", "69608000").containsEntry("period", "2025-06");
    }

    @Test
    void badPlaylistsNameTheProblem() {
        assertThatThrownBy(() -> read("title: Проба\nscreens:\n  - {dashboard: govenor}\n"))
                .hasMessageStartingWith("playlists/trial.yaml: screens[0]: no dashboard 'govenor'; known: ");
        assertThatThrownBy(() -> read("title: Проба\nscreens:\n  - {dashboard: governor, seconds: 1}\n"))
                .hasMessage("playlists/trial.yaml: screens[0]: seconds must be a whole number 5..3600, got '1'");
        assertThatThrownBy(() -> read("title: Проба\nscreens:\n  - {dashboard: governor, variables: {territory: \"69701000\"}}\n"))
                .hasMessage("playlists/trial.yaml: screens[0]: dashboard 'governor' has no variable 'territory'");
        assertThatThrownBy(() -> read("title: Проба\nscreens:\n  - {dashboard: municipality, variables: {territory: Томск}}\n"))
                .hasMessage("playlists/trial.yaml: screens[0]: 'Томск' is not a valid territory for variable 'territory'");
        assertThatThrownBy(() -> read("title: Проба\nscreens:\n  - {dashboard: governor, sec: 5}\n"))
                .hasMessageContaining("unknown field 'sec' in screens[0]; known: dashboard, seconds, variables");
        assertThatThrownBy(() -> read("screens: []\n"))
                .hasMessage("playlists/trial.yaml: needs title (a string, or {ru: …, en: …})");
    }
}
