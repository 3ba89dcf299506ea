package ru.vitrina.api.jdbc;

import ru.vitrina.engine.access.Principal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which user opened which Avatica connection. Avatica's protocol names a connection by an id the client chose;
 * every later call with that id must come from the same user, and its SQL runs with that user's rights.
 */
public final class JdbcSessions {
    private final ConcurrentHashMap<String, Principal> owners = new ConcurrentHashMap<>();

    /** Binds the id to its opener; false when it is already bound, so two users opening one id cannot both win. */
    boolean open(String connectionId, Principal principal) {
        return owners.putIfAbsent(connectionId, principal) == null;
    }

    void closed(String connectionId) {
        owners.remove(connectionId);
    }

    Optional<Principal> owner(String connectionId) {
        return Optional.ofNullable(owners.get(connectionId));
    }
}
