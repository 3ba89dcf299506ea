package ru.vitrina.ingest.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The municipal formations of the region as the ministry's forms name them. Clerks write «г. Томск», «Томск»,
 * «город Томск», «Томский р-н», «ЗАТО Северск»: a name is reduced to its proper part (lower case, ё as е, without
 * the kind words город, г., район, р-н, муниципальный, городской округ, ЗАТО and punctuation) and matched to
 * ref.territory's level-2 names reduced the same way. An OKTMO code (8 or 11 digits, a settlement's code maps to its
 * municipality) wins over the name; a code and a name that point to different municipalities are an error.
 */
final class Territories {
    private static final Set<String> KIND_WORDS = Set.of("г", "гор", "город", "городской", "округ", "го", "зато",
            "муниципальный", "район", "р-н", "рн", "мр", "мо", "образование", "муниципальное");
    private static final Pattern PUNCTUATION = Pattern.compile("[.,;:«»\"'()\\u00a0]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Either the municipality's OKTMO or why the row cannot be placed (Russian / English). */
    record Match(String oktmo, String problem) {
        boolean found() {
            return oktmo != null;
        }
    }

    private final Map<String, String> byName;
    private final Map<String, String> byCode;

    Territories(Map<String, String> byName, Map<String, String> byCode) {
        this.byName = Map.copyOf(byName);
        this.byCode = Map.copyOf(byCode);
    }

    static Territories read(Connection connection) throws SQLException {
        Map<String, String> names = new HashMap<>();
        Map<String, String> codes = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT oktmo, name_ru, level, municipality_oktmo FROM ref.territory"
                     + " WHERE level >= 2 AND municipality_oktmo IS NOT NULL")) {
            while (rows.next()) {
                codes.put(rows.getString(1), rows.getString(4));
                if (rows.getInt(3) == 2) {
                    names.put(normalize(rows.getString(2)), rows.getString(1));
                }
            }
        }
        return new Territories(names, codes);
    }

    /** The proper part of a territory's name: «г. Томск» and «город Томск» both give «томск». */
    static String normalize(String name) {
        String lower = PUNCTUATION.matcher(name.toLowerCase(Locale.ROOT).replace('ё', 'е')).replaceAll(" ");
        StringBuilder proper = new StringBuilder();
        for (String word : SPACES.split(lower.strip())) {
            if (!word.isEmpty() && !KIND_WORDS.contains(word)) {
                proper.append(proper.length() == 0 ? "" : " ").append(word);
            }
        }
        return proper.toString();
    }

    Match match(String name, String code) {
        String text = name == null ? "" : name.strip();
        String digits = code == null ? "" : code.replace(" ", "").replace("\u00a0", "").strip();
        Optional<String> named = text.isEmpty() ? Optional.empty() : Optional.ofNullable(byName.get(normalize(text)));
        if (!digits.isEmpty()) {
            String municipality = byCode.get(digits);
            if (municipality == null) {
                return new Match(null, "Неизвестный ОКТМО «" + digits + "» / unknown OKTMO");
            }
            if (named.isPresent() && !named.get().equals(municipality)) {
                return new Match(null, "ОКТМО " + digits + " не совпадает с территорией «" + text + "» (" + named.get()
                        + ") / the OKTMO and the territory name disagree");
            }
            return new Match(municipality, null);
        }
        if (text.isEmpty()) {
            return new Match(null, "Не указана территория / no territory");
        }
        return named.map(oktmo -> new Match(oktmo, null))
                .orElseGet(() -> new Match(null, "Неизвестная территория «" + text + "» / unknown territory"));
    }
}
