package ru.vitrina.cubes.model;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** "Did you mean ...?" for names a person mistyped. */
public final class Suggestions {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {
    }

    /** The candidate nearest to {@code wrong}, if any is near enough to be a plausible typo. */
    public static Optional<String> nearest(String wrong, Stream<String> candidates) {
        String needle = wrong.toLowerCase();
        int tolerance = Math.max(2, needle.length() / 3);
        return candidates
                .map(candidate -> new Scored(candidate, score(needle, candidate.toLowerCase())))
                .filter(scored -> scored.distance <= tolerance)
                .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
                .map(Scored::candidate);
    }

    /** A sentence fragment for error messages: {@code "; did you mean 'budget.fact'?"} or nothing. */
    public static String didYouMean(String wrong, Stream<String> candidates) {
        return nearest(wrong, candidates).map(s -> "; did you mean '" + s + "'? / возможно, имелось в виду «" + s + "»").orElse("");
    }

    private static int score(String needle, String candidate) {
        int whole = DISTANCE.apply(needle, candidate);
        // "fakt" should find "budget.fact": compare with the member part too.
        int dot = candidate.lastIndexOf('.');
        int member = dot < 0 || needle.contains(".") ? whole : DISTANCE.apply(needle, candidate.substring(dot + 1));
        return Math.min(whole, member);
    }

    private record Scored(String candidate, int distance) {
    }
}
