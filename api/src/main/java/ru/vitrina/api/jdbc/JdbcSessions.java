package ru.vitrina.api.jdbc;

import ru.vitrina.engine.access.Principal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Which user opened which Avatica connection. Avatica's protocol names a connection by an id the client chose;
 * every later call with that id must come from the same user, and its SQL runs with that user's rights.
 *
 * <p>An id is bound from its claim until its connection is closed, or JdbcMeta drops it (expired after idling, or
 * evicted): a binding whose connection JdbcMeta no longer holds is forgotten at the next claim, so its id may be opened
 * again and the bindings never outnumber the connections JdbcMeta holds by more than those dropped since the last claim.
 */
final class JdbcSessions {
    private final Predicate<String> live;
    private final ConcurrentHashMap<String, Binding> bindings = new ConcurrentHashMap<>();

    /** @param live whether JdbcMeta holds the connection of an id; it must not count as a use that keeps it from expiring */
    JdbcSessions(Predicate<String> live) {
        this.live = requireNonNull(live, "live");
    }

    /**
     * Binds the id to its opener while the connection opens ({@link #opened} or {@link #failed} ends that); false when
     * it is taken — bound to a connection JdbcMeta holds, or being opened — so two users opening one id cannot both win.
     */
    boolean claim(String connectionId, Principal principal) {
        bindings.entrySet().removeIf(entry -> !entry.getValue().opening && !live.test(entry.getKey()));
        return bindings.putIfAbsent(connectionId, new Binding(principal, true)) == null;
    }

    void opened(String connectionId) {
        bindings.computeIfPresent(connectionId, (id, binding) -> binding.opening ? new Binding(binding.owner, false) : binding);
    }

    /** An open that failed leaves no connection behind, so its id is free again. */
    void failed(String connectionId) {
        bindings.computeIfPresent(connectionId, (id, binding) -> binding.opening ? null : binding);
    }

    void closed(String connectionId) {
        bindings.remove(connectionId);
    }

    /** The user whose connection this is; none while it is still opening. */
    Optional<Principal> owner(String connectionId) {
        Binding binding = bindings.get(connectionId);
        return binding == null || binding.opening ? Optional.empty() : Optional.of(binding.owner);
    }

    int size() {
        return bindings.size();
    }

    /**
     * Compared by identity, not a record: a sweep that found a binding gone must not remove the one that replaced it,
     * equal in every field, in the meantime.
     */
    private static final class Binding {
        private final Principal owner;
        private final boolean opening;

        private Binding(Principal owner, boolean opening) {
            this.owner = owner;
            this.opening = opening;
        }
    }
}
