package ru.vitrina.opendata.dataset;

/** A data set or catalogue file is wrong; the message names the file and the field. */
public final class DataSetException extends RuntimeException {
    public DataSetException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }

    public DataSetException(String file, String message) {
        super(file + ": " + message);
    }
}
