package ru.vitrina.indicators.passport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every passport, programme, project and sector, checked against each other at start: codes are unique, an
 * indicator's programme, projects and sector exist, and every project belongs to the programme named.
 */
public final class PassportCatalog {
    private final Map<String, Passport> passports = new LinkedHashMap<>();
    private final Map<String, Programme> programmes = new LinkedHashMap<>();
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, Sector> sectors = new LinkedHashMap<>();

    public PassportCatalog(List<Passport> passports, List<Programme> programmes, List<Sector> sectors) {
        for (Sector sector : sectors) {
            put(this.sectors, sector.code(), sector, "sector");
        }
        for (Programme programme : programmes) {
            put(this.programmes, programme.code(), programme, "programme");
            for (Project project : programme.projects()) {
                put(projects, project.code(), project, "project");
            }
        }
        for (Passport passport : passports) {
            put(this.passports, passport.code(), passport, "indicator");
            if (!this.programmes.containsKey(passport.programme())) {
                throw new IllegalArgumentException(passport.code() + ": unknown programme " + passport.programme());
            }
            if (passport.sector() != null && !this.sectors.containsKey(passport.sector())) {
                throw new IllegalArgumentException(passport.code() + ": unknown sector " + passport.sector());
            }
            for (String project : passport.projects()) {
                if (!projects.containsKey(project)) {
                    throw new IllegalArgumentException(passport.code() + ": unknown project " + project);
                }
            }
        }
    }

    private static <T> void put(Map<String, T> map, String code, T value, String what) {
        if (map.putIfAbsent(code, value) != null) {
            throw new IllegalArgumentException("two " + what + "s with the code " + code);
        }
    }

    public Collection<Passport> passports() {
        return passports.values();
    }

    public Optional<Passport> find(String code) {
        return Optional.ofNullable(passports.get(code));
    }

    public Collection<Programme> programmes() {
        return programmes.values();
    }

    public Optional<Programme> programme(String code) {
        return Optional.ofNullable(programmes.get(code));
    }

    public Optional<Project> project(String code) {
        return Optional.ofNullable(projects.get(code));
    }

    public Collection<Sector> sectors() {
        return sectors.values();
    }

    public Optional<Sector> sector(String code) {
        return Optional.ofNullable(sectors.get(code));
    }

    /** The indicators of a programme or a project (a code of either), in catalogue order. */
    public List<Passport> of(String programmeOrProject) {
        List<Passport> found = new ArrayList<>();
        for (Passport passport : passports.values()) {
            if (passport.programme().equals(programmeOrProject) || passport.projects().contains(programmeOrProject)) {
                found.add(passport);
            }
        }
        return found;
    }

    /**
     * Passports matching every given filter (null = any): words of {@code query} in the code or a name, the sector,
     * a programme or project, and words of the responsible body.
     */
    public List<Passport> search(String query, String sector, String project, String responsible) {
        List<Passport> found = new ArrayList<>();
        for (Passport passport : passports.values()) {
            if (matches(passport, query) && (sector == null || sector.equalsIgnoreCase(String.valueOf(passport.sector())))
                    && (project == null || passport.programme().equals(project) || passport.projects().contains(project))
                    && (responsible == null || passport.responsible() != null
                        && containsAll(passport.responsible().ru() + " " + passport.responsible().en(), responsible))) {
                found.add(passport);
            }
        }
        return found;
    }

    private static boolean matches(Passport passport, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        return containsAll(passport.code() + " " + passport.name().ru() + " " + passport.name().en(), query);
    }

    private static boolean containsAll(String text, String words) {
        String haystack = normal(text);
        for (String word : normal(words).split("\\s+")) {
            if (!word.isEmpty() && !haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static String normal(String text) {
        return text.toLowerCase(Locale.ROOT).replace('ё', 'е');
    }
}
