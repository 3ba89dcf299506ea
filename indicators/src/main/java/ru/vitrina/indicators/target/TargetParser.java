package ru.vitrina.indicators.target;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a target as passports write it: a number, {@code "*"}, a bound ({@code "> 5"}, {@code ">= 5"},
 * {@code "не менее 5"}, {@code "не более 5"}, {@code "< 5"}, {@code "<= 5"}, {@code "≥ 5"}, {@code "≤ 5"}) or a
 * multiple ({@code "в 3 раза к 2019"}, {@code "x3 к 2019"}). Decimal commas are accepted ({@code "4,4"}).
 */
public final class TargetParser {
    private static final String NUMBER = "(-?\\d+(?:[.,]\\d+)?)";
    private static final Pattern BOUND = Pattern.compile("(>=|<=|≥|≤|>|<|не менее|не более|не ниже|не выше|более|менее)\\s*" + NUMBER);
    private static final Pattern MULTIPLE = Pattern.compile("(?:в|x|×)\\s*" + NUMBER + "\\s*(?:раза?|раз)?\\s*(?:к|от|по сравнению с)\\s*(\\d{4})(?:\\s*г(?:оду|\\.)?)?");
    private static final Pattern PLAIN = Pattern.compile(NUMBER);

    private TargetParser() {
    }

    /** A YAML scalar: a number or a string; null means no target. */
    public static Target parse(Object yaml) {
        if (yaml == null) {
            return Target.UNDEFINED;
        }
        if (yaml instanceof Number number) {
            return Target.level(number.doubleValue());
        }
        String text = yaml.toString().strip().toLowerCase(Locale.ROOT).replace('\u00a0', ' ');
        if (text.equals("*") || text.equals("-") || text.isEmpty()) {
            return Target.UNDEFINED;
        }
        Matcher m = PLAIN.matcher(text);
        if (m.matches()) {
            return Target.level(number(m.group(1)));
        }
        m = BOUND.matcher(text);
        if (m.matches()) {
            double value = number(m.group(2));
            return switch (m.group(1)) {
                case ">=", "≥", "не менее", "не ниже" -> new Target(Target.Kind.AT_LEAST, value, 0);
                case "<=", "≤", "не более", "не выше" -> new Target(Target.Kind.AT_MOST, value, 0);
                case ">", "более" -> new Target(Target.Kind.ABOVE, value, 0);
                default -> new Target(Target.Kind.BELOW, value, 0);
            };
        }
        m = MULTIPLE.matcher(text);
        if (m.matches()) {
            return new Target(Target.Kind.MULTIPLE, number(m.group(1)), Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException("цель «" + yaml + "» не распознана: число, \"*\", \"> N\", \"не менее N\", "
                + "\"не более N\" или \"в N раза к ГГГГ\" / target «" + yaml + "» not understood");
    }

    private static double number(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }
}
