package ru.vitrina.opendata.dataset;

import static java.util.Objects.requireNonNull;

/** The official responsible for a data set (passport rows 5–7): name, phone and e-mail. */
public record Publisher(String name, String phone, String mbox) {
    public Publisher {
        requireNonNull(name, "publisher.name");
        requireNonNull(phone, "publisher.phone");
        requireNonNull(mbox, "publisher.mbox");
    }
}
