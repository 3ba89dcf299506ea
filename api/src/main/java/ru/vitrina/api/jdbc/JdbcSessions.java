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

    void opened(String connectionId, Principal principal) {
        owners.put(connectionId, principal);
    }

    void closed(String connectionId) {
        owners.remove(connectionId);
    }

    Optional<Principal> owner(String connectionId) {
        return Optional.ofNullable(owners.get(connectionId));
    }
}
