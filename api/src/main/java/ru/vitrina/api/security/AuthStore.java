package ru.vitrina.api.security;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Users, API tokens and browser sessions in their own small DuckDB file (schema {@code auth}), apart from the data
 * store: the SQL sandbox's connections cannot reach a file they never attached, and credentials are backed up and
 * restored on their own terms. Passwords are argon2id hashes; tokens and session ids are stored as SHA-256 hashes,
 * so a copy of this file logs no one in.
 */
public final class AuthStore implements AutoCloseable {
    public static final String TOKEN_PREFIX = "vt_";

    private final Connection connection;
    private final PasswordHasher hasher;
    private final Secrets secrets;
    private final Clock clock;
    /**
     * Tokens and sessions checked in the last seconds, by the hash of their secret: without it every request would
     * queue on this store's one connection for two lookups. Any change to users, tokens or sessions empties both, so
     * a revocation, a logout or a disabled user takes effect at once; an expiry takes effect up to {@link #RECHECK} late.
     * A check in use is read again in the background after {@link #REFRESH}, the old answer serving meanwhile: when it
     * simply expired, every request of that token queued behind one lookup (64 clients of one token stalled for up to
     * 0.4 s every 5 s under load, JFR {@code jdk.JavaMonitorEnter} in Caffeine's compute).
     */
    private final LoadingCache<String, Optional<Principal>> checkedTokens = recentChecks(this::lookUpToken);
    private final LoadingCache<String, Optional<SessionInfo>> checkedSessions = recentChecks(this::lookUpSession);
    private static final Duration RECHECK = Duration.ofSeconds(5);
    private static final Duration REFRESH = Duration.ofSeconds(4);

    private AuthStore(Connection connection, PasswordHasher hasher, Secrets secrets, Clock clock) {
        this.connection = connection;
        this.hasher = hasher;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** @param file the DuckDB file, or null for a store that lives in memory (tests over an in-memory data store) */
    public static AuthStore open(Path file, PasswordHasher hasher, Secrets secrets, Clock clock) {
        try {
            Connection connection = DriverManager.getConnection(file == null ? "jdbc:duckdb:" : "jdbc:duckdb:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET autoinstall_known_extensions = false");
                statement.execute("SET autoload_known_extensions = false");
                statement.execute("CREATE SCHEMA IF NOT EXISTS auth");
                statement.execute("CREATE TABLE IF NOT EXISTS auth.users (login VARCHAR PRIMARY KEY, password_hash VARCHAR,"
                        + " roles VARCHAR NOT NULL, territories VARCHAR NOT NULL, indicators VARCHAR NOT NULL,"
                        + " disabled BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)");
                statement.execute("CREATE TABLE IF NOT EXISTS auth.tokens (id VARCHAR PRIMARY KEY, secret_hash VARCHAR UNIQUE NOT NULL,"
                        + " login VARCHAR NOT NULL, name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,"
                        + " expires_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)");
                statement.execute("CREATE TABLE IF NOT EXISTS auth.sessions (id_hash VARCHAR PRIMARY KEY, login VARCHAR NOT NULL,"
                        + " csrf VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL)");
            }
            return new AuthStore(connection, hasher, secrets, clock);
        } catch (SQLException e) {
            throw new AuthStoreException("Не открыть файл пользователей / cannot open the users file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The connection, for the audit trail kept in the same file. */
    Connection connection() {
        return connection;
    }

    public synchronized boolean hasUsers() {
        return count("SELECT count(*) FROM auth.users") > 0;
    }

    /** Creates a user or replaces their roles, attributes and (when given) password. */
    public void saveUser(UserAccount account, String password) {
        store(account, password);
        forgetChecks();
    }

    private synchronized void store(UserAccount account, String password) {
        requireNonNull(account, "account");
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO auth.users VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (login) DO UPDATE SET password_hash = coalesce(excluded.password_hash, auth.users.password_hash),"
                + " roles = excluded.roles, territories = excluded.territories, indicators = excluded.indicators,"
                + " disabled = excluded.disabled, updated_at = excluded.updated_at")) {
            insert.setString(1, account.login());
            insert.setString(2, password == null ? null : hasher.hash(password));
            insert.setString(3, account.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")));
            insert.setString(4, String.join(",", new TreeSet<>(account.territories())));
            insert.setString(5, String.join(",", new TreeSet<>(account.indicators())));
            insert.setBoolean(6, account.disabled());
            insert.setTimestamp(7, now);
            insert.setTimestamp(8, now);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new AuthStoreException("cannot save user " + account.login() + ": " + e.getMessage(), e);
        }
        if (account.disabled()) {
            // For good: enabling the user again gives back neither his sessions nor his tokens, which may have leaked.
            endSessions(account.login());
            revokeTokens(account.login());
        }
    }

    private void revokeTokens(String login) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE auth.tokens SET revoked_at = ? WHERE login = ? AND revoked_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, login);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new AuthStoreException("cannot revoke the tokens of " + login + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a user or changes the fields the change names, in one step under this store's lock: two administrators'
     * changes of one user do not undo each other, and no change leaves the users without an enabled administrator.
     *
     * @param password the new password, or null to keep it (a new user needs one)
     * @throws IllegalArgumentException for a new user without a password or with a reserved login, or when the changed
     *                                  account is not valid (a municipal officer without territories, …)
     * @throws LastAdministratorException when the change would disable or demote the last enabled administrator
     */
    public Saved changeUser(UserChange change, String password) {
        Saved saved = applyChange(change, password);
        forgetChecks();
        return saved;
    }

    private synchronized Saved applyChange(UserChange change, String password) {
        Optional<UserAccount> current = user(change.login());
        if (current.isEmpty()) {
            Optional<String> reserved = reserved(change.login());
            if (reserved.isPresent()) {
                throw new IllegalArgumentException(reserved.get());
            }
            if (password == null) {
                throw new IllegalArgumentException("Новому пользователю нужен пароль / a new user needs a password");
            }
        }
        UserAccount account = change.applyTo(current.orElse(null));
        if (current.filter(AuthStore::enabledAdministrator).isPresent() && !enabledAdministrator(account)
                && users().stream().noneMatch(other -> !other.login().equals(account.login()) && enabledAdministrator(other))) {
            throw new LastAdministratorException("Пользователь " + account.login() + " — последний действующий администратор:"
                    + " сначала назначьте или включите другого / " + account.login() + " is the last enabled administrator:"
                    + " make or enable another administrator first");
        }
        store(account, password);
        return new Saved(account, current.isEmpty());
    }

    private static boolean enabledAdministrator(UserAccount account) {
        return !account.disabled() && account.roles().contains(Role.ADMINISTRATOR);
    }

    /**
     * Why a new user may not take this login: the built-in callers' logins, which the audit trail records for
     * requests without a login and for Vitrina's own work, would make a user's actions indistinguishable from theirs.
     */
    private static Optional<String> reserved(String login) {
        for (Principal builtIn : List.of(Principal.anonymous(), Principal.system())) {
            if (builtIn.login().equalsIgnoreCase(login)) {
                return Optional.of("Логин " + login + " зарезервирован / login " + login + " is reserved");
            }
        }
        return Optional.empty();
    }

    /**
     * Creates or refreshes a user the identity provider vouched for: roles and territories follow the provider at every
     * login. Never takes over a local user (one with a password) and never re-enables a user an administrator disabled.
     *
     * @return why the user may not sign in; empty when saved
     */
    public Optional<String> saveExternalUser(UserAccount account) {
        Optional<String> refused = storeExternal(account);
        forgetChecks();
        return refused;
    }

    private synchronized Optional<String> storeExternal(UserAccount account) {
        if (string("SELECT password_hash FROM auth.users WHERE login = ?", account.login()) != null) {
            return Optional.of("Логин " + account.login() + " принадлежит местному пользователю / login " + account.login()
                    + " belongs to a local user with a password");
        }
        Optional<UserAccount> current = user(account.login());
        if (current.filter(UserAccount::disabled).isPresent()) {
            return Optional.of("Пользователь " + account.login() + " отключён администратором / user " + account.login()
                    + " was disabled by an administrator");
        }
        if (current.isEmpty() && reserved(account.login()).isPresent()) {
            return reserved(account.login());
        }
        store(account, null);
        return Optional.empty();
    }

    public synchronized Optional<UserAccount> user(String login) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT login, roles, territories, indicators, disabled FROM auth.users WHERE login = ?")) {
            select.setString(1, login);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(account(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuthStoreException("cannot read user " + login + ": " + e.getMessage(), e);
        }
    }

    public synchronized List<UserAccount> users() {
        List<UserAccount> users = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT login, roles, territories, indicators, disabled FROM auth.users ORDER BY login")) {
            while (rows.next()) {
                users.add(account(rows));
            }
            return users;
        } catch (SQLException e) {
            throw new AuthStoreException("cannot list users: " + e.getMessage(), e);
        }
    }

    /** The user whose password this is; empty for an unknown login, a wrong password or a disabled user alike. */
    public Optional<Principal> checkPassword(String login, String password) {
        String stored;
        UserAccount account;
        synchronized (this) {
            account = user(login).orElse(null);
            stored = account == null ? null : string("SELECT password_hash FROM auth.users WHERE login = ?", login);
        }
        // Hash even for an unknown login, so that timing does not tell which logins exist.
        boolean matches = hasher.verify(password, stored != null ? stored : DUMMY_HASH);
        if (!matches || account == null || account.disabled() || stored == null) {
            return Optional.empty();
        }
        return Optional.of(account.principal());
    }

    private static final String DUMMY_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /** A new API token; the returned secret is shown once and only its hash is kept. */
    public synchronized IssuedToken issueToken(String login, String name, Instant expiresAt) {
        String secret = secrets.token(TOKEN_PREFIX);
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO auth.tokens VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
            insert.setString(1, id);
            insert.setString(2, Secrets.sha256(secret));
            insert.setString(3, login);
            insert.setString(4, name);
            insert.setTimestamp(5, Timestamp.from(clock.instant()));
            insert.setTimestamp(6, Timestamp.from(expiresAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new AuthStoreException("cannot issue a token: " + e.getMessage(), e);
        }
        return new IssuedToken(id, secret, name, expiresAt);
    }

    private static <V> LoadingCache<String, V> recentChecks(CacheLoader<String, V> lookUp) {
        return Caffeine.newBuilder().refreshAfterWrite(REFRESH).expireAfterWrite(RECHECK).maximumSize(10_000).build(lookUp);
    }

    /**
     * Called after a change, outside this store's monitor: a check being computed holds its cache entry while it waits
     * for the monitor, so emptying the cache under the monitor would deadlock. A check that read the old state is
     * removed once it completes; one that starts later reads the new state.
     */
    private void forgetChecks() {
        checkedTokens.invalidateAll();
        checkedSessions.invalidateAll();
    }

    /** The token's user, if the token exists, has not expired, is not revoked and its user is enabled. */
    public Optional<Principal> checkToken(String secret) {
        return checkedTokens.get(Secrets.sha256(secret));
    }

    private synchronized Optional<Principal> lookUpToken(String secretHash) {
        String login = string("SELECT login FROM auth.tokens WHERE secret_hash = ? AND revoked_at IS NULL AND expires_at > ?",
                secretHash, Timestamp.from(clock.instant()));
        return login == null ? Optional.empty() : user(login).filter(u -> !u.disabled()).map(UserAccount::principal);
    }

    /** Revokes a token of this login (an administrator may name any login). @return whether a token was revoked */
    public boolean revokeToken(String id, String login) {
        try {
            return revoke(id, login);
        } finally {
            forgetChecks();
        }
    }

    private synchronized boolean revoke(String id, String login) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE auth.tokens SET revoked_at = ? WHERE id = ? AND (login = ? OR ? IS NULL) AND revoked_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, id);
            update.setString(3, login);
            update.setString(4, login);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new AuthStoreException("cannot revoke token " + id + ": " + e.getMessage(), e);
        }
    }

    public synchronized List<TokenInfo> tokens(String login) {
        List<TokenInfo> tokens = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, name, created_at, expires_at, revoked_at "
                + "FROM auth.tokens WHERE login = ? ORDER BY created_at")) {
            select.setString(1, login);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp revoked = rows.getTimestamp(5);
                    tokens.add(new TokenInfo(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                            rows.getTimestamp(4).toInstant(), revoked == null ? null : revoked.toInstant()));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw new AuthStoreException("cannot list tokens: " + e.getMessage(), e);
        }
    }

    /** A new browser session: the cookie value and the CSRF token the page must echo on state-changing calls. */
    public synchronized NewSession openSession(String login, Instant expiresAt) {
        String id = secrets.token("vs_");
        String csrf = secrets.token("");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO auth.sessions VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, Secrets.sha256(id));
            insert.setString(2, login);
            insert.setString(3, csrf);
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            insert.setTimestamp(5, Timestamp.from(expiresAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new AuthStoreException("cannot open a session: " + e.getMessage(), e);
        }
        return new NewSession(id, csrf);
    }

    /** The session's user and CSRF token, if the session is live and its user enabled. */
    public Optional<SessionInfo> session(String id) {
        return checkedSessions.get(Secrets.sha256(id));
    }

    private synchronized Optional<SessionInfo> lookUpSession(String idHash) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT login, csrf FROM auth.sessions WHERE id_hash = ? AND expires_at > ?")) {
            select.setString(1, idHash);
            select.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String login = rows.getString(1);
                String csrf = rows.getString(2);
                return user(login).filter(u -> !u.disabled()).map(u -> new SessionInfo(u.principal(), csrf));
            }
        } catch (SQLException e) {
            throw new AuthStoreException("cannot read a session: " + e.getMessage(), e);
        }
    }

    public void closeSession(String id) {
        synchronized (this) {
            execute("DELETE FROM auth.sessions WHERE id_hash = ?", Secrets.sha256(id));
        }
        forgetChecks();
    }

    private void endSessions(String login) {
        execute("DELETE FROM auth.sessions WHERE login = ?", login);
    }

    private void execute(String sql, String value) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new AuthStoreException(e.getMessage(), e);
        }
    }

    private long count(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AuthStoreException(e.getMessage(), e);
        }
    }

    private String string(String sql, Object... values) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                select.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AuthStoreException(e.getMessage(), e);
        }
    }

    private static UserAccount account(ResultSet rows) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : list(rows.getString(2))) {
            roles.add(Role.valueOf(role));
        }
        return new UserAccount(rows.getString(1), roles, Set.copyOf(list(rows.getString(3))),
                Set.copyOf(list(rows.getString(4))), rows.getBoolean(5));
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new AuthStoreException(e.getMessage(), e);
        }
    }

    /** A user as stored: who they are, what they may do, which rows they see. */
    public record UserAccount(String login, Set<Role> roles, Set<String> territories, Set<String> indicators, boolean disabled) {
        public UserAccount {
            requireNonNull(login, "login");
            if (!login.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new IllegalArgumentException("Логин из латинских букв, цифр и . _ @ - (до 64) / a login is 1–64 of "
                        + "Latin letters, digits and . _ @ -, got '" + login + "'");
            }
            roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
            if (roles.contains(Role.PUBLIC)) {
                throw new IllegalArgumentException("PUBLIC — роль анонимных посетителей, а не пользователя / PUBLIC is the role"
                        + " of anonymous callers, not of a user");
            }
            for (String code : territories) {
                if (!code.matches("[0-9]{8,11}")) {
                    throw new IllegalArgumentException("Территория — код ОКТМО из 8–11 цифр / a territory is an OKTMO code of 8–11 digits, got '" + code + "'");
                }
            }
            if (roles.contains(Role.MUNICIPAL_OFFICER) && territories.isEmpty()) {
                throw new IllegalArgumentException("Муниципальному служащему нужна территория / a municipal officer needs territories");
            }
            territories = Set.copyOf(territories);
            indicators = Set.copyOf(indicators);
        }

        public Principal principal() {
            return new Principal(login, roles, territories, indicators);
        }
    }

    /**
     * A change of a user as {@code POST /api/v1/admin/users} sends it: a null field was not sent and keeps its stored
     * value; a new user starts without roles, territories and indicators, enabled.
     */
    public record UserChange(String login, Set<Role> roles, Set<String> territories, Set<String> indicators, Boolean disabled) {
        public UserChange {
            requireNonNull(login, "login");
        }

        UserAccount applyTo(UserAccount current) {
            return new UserAccount(login, pick(roles, current == null ? Set.of() : current.roles()),
                    pick(territories, current == null ? Set.of() : current.territories()),
                    pick(indicators, current == null ? Set.of() : current.indicators()),
                    pick(disabled, current != null && current.disabled()));
        }

        private static <T> T pick(T sent, T kept) {
            return sent != null ? sent : kept;
        }
    }

    /** The account as saved, and whether it was new. */
    public record Saved(UserAccount account, boolean created) {
    }

    /** A change refused because no enabled administrator would remain. */
    public static final class LastAdministratorException extends IllegalStateException {
        LastAdministratorException(String message) {
            super(message);
        }
    }

    public record IssuedToken(String id, String secret, String name, Instant expiresAt) {
    }

    public record TokenInfo(String id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt) {
    }

    public record NewSession(String id, String csrf) {
    }

    public record SessionInfo(Principal principal, String csrf) {
    }
}
