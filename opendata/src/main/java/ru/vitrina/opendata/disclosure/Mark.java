package ru.vitrina.opendata.disclosure;

/** Why a cell is published or hidden. */
public enum Mark {
    /** Published. */
    SHOWN,
    /** Hidden because its count is under the threshold. */
    PRIMARY,
    /** Hidden because, with a published total, it would reveal a primary cell. */
    COMPLEMENTARY;

    public boolean hidden() {
        return this != SHOWN;
    }
}
