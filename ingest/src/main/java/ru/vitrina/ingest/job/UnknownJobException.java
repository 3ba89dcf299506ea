package ru.vitrina.ingest.job;

/** A job name that is not configured. */
public final class UnknownJobException extends IllegalArgumentException {
    public UnknownJobException(String job, java.util.Collection<String> known) {
        super("Нет задания «" + job + "», есть: " + String.join(", ", known) + " / no job " + job + ", known: "
                + String.join(", ", known));
    }
}
