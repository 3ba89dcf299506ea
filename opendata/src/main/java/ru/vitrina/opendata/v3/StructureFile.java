package ru.vitrina.opendata.v3;

import ru.vitrina.opendata.dataset.Field;

import java.util.List;

/** {@code structure-YYYYMMDD.csv}: {@code field name,english description,russian description,format}. */
public final class StructureFile {
    public static final String HEADER = "field name,english description,russian description,format";

    private StructureFile() {
    }

    public static String write(List<Field> fields) {
        StringBuilder file = new StringBuilder(HEADER).append(Csv.LINE_END);
        for (Field field : fields) {
            file.append(Csv.line(List.of(field.name(), field.titleEn(), field.titleRu(), field.type().v3())));
        }
        return file.toString();
    }
}
