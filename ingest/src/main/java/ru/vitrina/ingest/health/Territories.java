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
 * municipality) wins over the name; a code and a name that point to different municipalities are an error, and so
 * is a name beside a code that is neither the code's territory's nor its municipality's (reduced the same way).
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
    private final Map<String, String> namesByCode;

    /**
     * @param byName      municipality OKTMO by reduced name
     * @param byCode      municipality OKTMO by the OKTMO of any territory in it (the municipality's own included)
     * @param namesByCode each territory's name in ref.territory by its OKTMO
     */
    Territories(Map<String, String> byName, Map<String, String> byCode, Map<String, String> namesByCode) {
        this.byName = Map.copyOf(byName);
        this.byCode = Map.copyOf(byCode);
        this.namesByCode = Map.copyOf(namesByCode);
    }

    static Territories read(Connection connection) throws SQLException {
        Map<String, String> names = new HashMap<>();
        Map<String, String> codes = new HashMap<>();
        Map<String, String> namesByCode = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT oktmo, name_ru, level, municipality_oktmo FROM ref.territory"
                     + " WHERE level >= 2 AND municipality_oktmo IS NOT NULL")) {
            while (rows.next()) {
                codes.put(rows.getString(1), rows.getString(4));
                namesByCode.put(rows.getString(1), rows.getString(2));
                if (rows.getInt(3) == 2) {
                    names.put(normalize(rows.getString(2)), rows.getString(1));
                }
            }
        }
        return new Territories(names, codes, namesByCode);
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
                return new Match(null, "Неизвестный ОКТМО «" + Grid.quoted(digits) + "» / unknown OKTMO");
            }
            if (named.isPresent() && !named.get().equals(municipality)) {
                return new Match(null, "ОКТМО " + digits + " не совпадает с территорией «" + Grid.quoted(text) + "» ("
                        + named.get() + ") / the OKTMO and the territory name disagree");
            }
            String proper = named.isPresent() || text.isEmpty() ? "" : normalize(text);
            if (!proper.isEmpty() && !proper.equals(normalize(namesByCode.getOrDefault(digits, "")))
                    && !proper.equals(normalize(namesByCode.getOrDefault(municipality, "")))) {
                return new Match(null, "Название «" + Grid.quoted(text) + "» не совпадает с ОКТМО " + digits + " («"
                        + namesByCode.get(digits) + "») / the name does not match the OKTMO");
            }
            return new Match(municipality, null);
        }
        if (text.isEmpty()) {
            return new Match(null, "Не указана территория / no territory");
        }
        return named.map(oktmo -> new Match(oktmo, null))
                .orElseGet(() -> new Match(null, "Неизвестная территория «" + Grid.quoted(text) + "» / unknown territory"));
    }
}
