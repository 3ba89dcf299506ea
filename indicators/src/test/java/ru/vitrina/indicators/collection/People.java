package ru.vitrina.indicators.collection;

import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;

import java.util.Map;
import java.util.Set;

/** The people of the collection tests. */
final class People {
    static final Principal OFFICER = new Principal("ivanova", Set.of(Role.DATA_OFFICER), Set.of(),
            Set.of("SK-1", "FIN-05-1", "FIN-04-1", "HLT-01-1", "TO-LAB-1", "TO-MFC-9"));
    static final Principal SECOND_OFFICER = new Principal("sidorov", Set.of(Role.DATA_OFFICER), Set.of(), Set.of("SK-1"));
    static final Principal MUNICIPAL = new Principal("tomsk-officer", Set.of(Role.DATA_OFFICER), Set.of("69701000"), Set.of("TO-MFC-9"));
    static final Principal STRANGER = new Principal("kozlov", Set.of(Role.DATA_OFFICER), Set.of(), Set.of("SK-2"));
    static final Principal VIEWER = new Principal("viewer", Set.of(Role.VIEWER), Set.of(), Set.of());
    static final Principal ADMINISTRATOR = new Principal("petrov", Set.of(Role.ADMINISTRATOR), Set.of(), Set.of());
    static final Principal OFFICER_AND_ADMINISTRATOR = new Principal("boss", Set.of(Role.DATA_OFFICER, Role.ADMINISTRATOR),
            Set.of(), Set.of("SK-4"));

    static final Map<String, Principal> BY_NAME = Map.of("officer", OFFICER, "municipal", MUNICIPAL, "stranger", STRANGER,
            "viewer", VIEWER, "anonymous", Principal.anonymous());

    private People() {
    }
}
