package ru.vitrina.engine.query;

/** The value types an answer carries, named as Cube names them in its annotation. */
public enum ColumnType {
    STRING("string"),
    NUMBER("number"),
    TIME("time"),
    BOOLEAN("boolean");

    private final String cubeName;

    ColumnType(String cubeName) {
        this.cubeName = cubeName;
    }

    public String cubeName() {
        return cubeName;
    }
}
