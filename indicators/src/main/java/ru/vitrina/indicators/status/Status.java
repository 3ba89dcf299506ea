package ru.vitrina.indicators.status;

/** Where an indicator stands against its target in a period. */
public enum Status {
    ON_TRACK("в норме", "on track"),
    AT_RISK("под риском", "at risk"),
    OFF_TRACK("не достигнуто", "off track"),
    NO_DATA("нет данных", "no data");

    private final String ru;
    private final String en;

    Status(String ru, String en) {
        this.ru = ru;
        this.en = en;
    }

    public String ru() {
        return ru;
    }

    public String en() {
        return en;
    }

    /** The lower-case name used in the API ({@code on_track}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Status parse(String key) {
        for (Status status : values()) {
            if (status.key().equals(key)) {
                return status;
            }
        }
        throw new IllegalArgumentException("статус «" + key + "»: on_track, at_risk, off_track или no_data / status «"
                + key + "»: on_track, at_risk, off_track or no_data");
    }
}
