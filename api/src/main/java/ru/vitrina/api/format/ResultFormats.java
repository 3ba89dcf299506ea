package ru.vitrina.api.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Chooses the representation of an answer from the request. */
public final class ResultFormats {
    /**
     * The media types each format answers to, in the server's order of preference: when the Accept
     * header likes several equally (a browser's {@code *}{@code /*}), the first one wins, so JSON.
     * CSV_RU has no media type of its own: it is chosen by {@code ?format=csv-ru} only.
     */
    private static final Map<ResultFormat, List<String>> MEDIA_TYPES = orderedMediaTypes();

    private ResultFormats() {
    }

    /**
     * {@code ?format=} wins when present; otherwise the Accept header (with q-values); otherwise JSON.
     * An Accept header that names nothing we can write also gets JSON: a lenient default serves
     * hand-written clients better than 406.
     *
     * @throws UnsupportedFormatException if {@code formatParam} is not blank and names no format
     */
    public static ResultFormat negotiate(String formatParam, String acceptHeader) {
        if (formatParam != null && !formatParam.isBlank()) {
            return ResultFormat.byParameterValue(formatParam)
                    .orElseThrow(() -> new UnsupportedFormatException(formatParam));
        }
        if (acceptHeader == null || acceptHeader.isBlank()) {
            return ResultFormat.JSON;
        }
        List<MediaRange> ranges = MediaRange.parseAll(acceptHeader);
        ResultFormat best = ResultFormat.JSON;
        Match bestMatch = null;
        for (Map.Entry<ResultFormat, List<String>> entry : MEDIA_TYPES.entrySet()) {
            for (String mediaType : entry.getValue()) {
                Match match = Match.of(mediaType, ranges);
                if (match != null && match.quality() > 0 && (bestMatch == null || match.betterThan(bestMatch))) {
                    best = entry.getKey();
                    bestMatch = match;
                }
            }
        }
        return best;
    }

    private static Map<ResultFormat, List<String>> orderedMediaTypes() {
        // Iterated in declaration order, which is the order of preference.
        Map<ResultFormat, List<String>> types = new EnumMap<>(ResultFormat.class);
        types.put(ResultFormat.JSON, List.of("application/json"));
        types.put(ResultFormat.CSV, List.of("text/csv"));
        types.put(ResultFormat.XLSX, List.of(ResultFormat.XLSX.contentType()));
        types.put(ResultFormat.PARQUET, List.of("application/vnd.apache.parquet", "application/x-parquet"));
        types.put(ResultFormat.ARROW, List.of(ResultFormat.ARROW.contentType()));
        return Collections.unmodifiableMap(types);
    }

    /** One element of an Accept header. */
    private record MediaRange(String type, String subtype, double quality, int position) {
        static List<MediaRange> parseAll(String header) {
            List<MediaRange> ranges = new ArrayList<>();
            String[] elements = header.split(",", -1);
            for (int i = 0; i < elements.length; i++) {
                MediaRange range = parse(elements[i], i);
                if (range != null) {
                    ranges.add(range);
                }
            }
            return ranges;
        }

        private static MediaRange parse(String element, int position) {
            String[] parts = element.split(";", -1);
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return null;
            }
            // Old Java clients send a bare "*" for "*/*".
            if (name.equals("*")) {
                name = "*/*";
            }
            int slash = name.indexOf('/');
            if (slash <= 0 || slash == name.length() - 1) {
                return null;
            }
            double quality = 1.0;
            for (int p = 1; p < parts.length; p++) {
                String parameter = parts[p].trim();
                int eq = parameter.indexOf('=');
                if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("q")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(eq + 1).trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (!(quality >= 0 && quality <= 1)) {
                        return null;
                    }
                }
            }
            return new MediaRange(name.substring(0, slash), name.substring(slash + 1), quality, position);
        }

        /** 3 for an exact match, 2 for type/*, 1 for *{@code /}*, 0 for no match. */
        int specificityFor(String mediaType) {
            int slash = mediaType.indexOf('/');
            String wantedType = mediaType.substring(0, slash);
            String wantedSubtype = mediaType.substring(slash + 1);
            if (type.equals("*")) {
                return subtype.equals("*") ? 1 : 0;
            }
            if (!type.equals(wantedType)) {
                return 0;
            }
            if (subtype.equals("*")) {
                return 2;
            }
            return subtype.equals(wantedSubtype) ? 3 : 0;
        }
    }

    /** How a media type fares against an Accept header: the most specific range decides (RFC 9110 §12.5.1). */
    private record Match(double quality, int specificity, int position) {
        static Match of(String mediaType, List<MediaRange> ranges) {
            Match found = null;
            for (MediaRange range : ranges) {
                int specificity = range.specificityFor(mediaType);
                if (specificity > 0 && (found == null || specificity > found.specificity)) {
                    found = new Match(range.quality(), specificity, range.position());
                }
            }
            return found;
        }

        /** Higher q first; then a type the client named over a wildcard; then the one the client named first. */
        boolean betterThan(Match other) {
            if (quality != other.quality) {
                return quality > other.quality;
            }
            if (specificity != other.specificity) {
                return specificity > other.specificity;
            }
            return position < other.position;
        }
    }
}
