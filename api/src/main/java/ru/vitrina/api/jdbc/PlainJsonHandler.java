package ru.vitrina.api.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.Service.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Avatica's JSON handler with error answers a client may read: Avatica's own error response, which the JDBC driver
 * raises as an SQLException of its message, but with the message alone. Avatica would fill {@code exceptions} with
 * the server's stack traces and name Java classes in the message.
 *
 * <p>The driver reads an error only from an HTTP 500 (any other status becomes "got HTTP/4xx" without the message),
 * so a refused or failed statement keeps 500, and so does a connection the caller may not use or an id in use. A request no driver sends — not JSON, a field missing or of the wrong
 * type — is answered 400 in the same shape.
 */
final class PlainJsonHandler extends JsonHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PlainJsonHandler.class);
    private static final int DRIVER_READS_ERRORS_ONLY_FROM = HTTP_INTERNAL_SERVER_ERROR;
    private static final int HTTP_CONFLICT = 409;
    /** SQLSTATE 08002, "connection name in use". */
    private static final String CONNECTION_NAME_IN_USE = "08002";
    /** SQLSTATE 24000, "invalid cursor state": another cursor of the connection is still open. */
    private static final String INVALID_CURSOR_STATE = "24000";
    /**
     * How DuckDB starts the error of a connection asked for a second result while one is open (its exception type
     * "Resource In Use"); its driver gives it no SQLSTATE and code 0.
     */
    private static final String DUCKDB_RESOURCE_IN_USE = "Resource In Use Error";

    private final Service.RpcMetadataResponse metadata;

    PlainJsonHandler(Service service, Service.RpcMetadataResponse metadata) {
        super(service, NoopMetricsSystem.getInstance());
        this.metadata = requireNonNull(metadata, "metadata");
    }

    /** A request Avatica cannot take, answered before it reaches the service. */
    HandlerResponse<String> malformed(String russian, String english) {
        return answer(HTTP_BAD_REQUEST, russian + " / " + english, HTTP_BAD_REQUEST, ErrorResponse.UNKNOWN_SQL_STATE);
    }

    /**
     * A connection the caller may not use: closed, expired, never opened or another user's, which nothing tells apart.
     * Avatica's code for a missing connection lets a driver set to reconnect open a new one.
     */
    HandlerResponse<String> missingConnection() {
        return answer(DRIVER_READS_ERRORS_ONLY_FROM, "Соединение закрыто, истекло или открыто другим пользователем, откройте новое"
                + " / the connection is closed, expired or another user's, open a new one", ErrorResponse.MISSING_CONNECTION_ERROR_CODE,
                ErrorResponse.UNKNOWN_SQL_STATE);
    }

    /**
     * What JdbcMeta answers a close of a connection it does not hold, given to a close of one the caller may not use:
     * that connection stays open, and the answer does not tell it from one that never was.
     */
    HandlerResponse<String> closedNothing() {
        return serialized(new Service.CloseConnectionResponse(metadata), HTTP_OK);
    }

    /** An open naming the id of a connection that is open, or being opened. */
    HandlerResponse<String> connectionIdInUse() {
        return answer(DRIVER_READS_ERRORS_ONLY_FROM, "Идентификатор соединения уже занят / connection id already in use",
                HTTP_CONFLICT, CONNECTION_NAME_IN_USE);
    }

    /**
     * DuckDB keeps one open result per connection: a statement run while another statement's rows are still being
     * fetched on the same JDBC connection is refused until that result is read to its end or its statement is closed
     * (the driver's ResultSet.close() leaves the server's result open; Statement.close() closes it). Said as the other
     * refusals are, in Russian and English, with a conflict's code and the SQLSTATE of a cursor in the way.
     */
    HandlerResponse<String> connectionBusy() {
        return answer(DRIVER_READS_ERRORS_ONLY_FROM, "Соединение занято: у него открыт результат другого запроса; дочитайте"
                        + " его до конца или закройте его Statement перед следующим запросом либо откройте второе соединение"
                        + " / the connection is busy: it has an open result of another query; read it to the end or close its"
                        + " Statement before the next query, or open a second connection",
                HTTP_CONFLICT, INVALID_CURSOR_STATE);
    }

    @Override
    public HandlerResponse<String> convertToErrorResponse(Exception e) {
        AvaticaRuntimeException refusal = cause(e, AvaticaRuntimeException.class);
        if (refusal != null) {
            return answer(DRIVER_READS_ERRORS_ONLY_FROM, refusal.getErrorMessage(), refusal.getErrorCode(), refusal.getSqlState());
        }
        if (cause(e, NoSuchConnectionException.class) != null) {
            return missingConnection();
        }
        SQLException sql = cause(e, SQLException.class);
        if (sql != null && String.valueOf(sql.getMessage()).startsWith(DUCKDB_RESOURCE_IN_USE)) {
            return connectionBusy();
        }
        if (sql != null) {
            // DuckDB's own words on the statement it ran (a value it could not convert, say): the user's to read.
            return answer(DRIVER_READS_ERRORS_ONLY_FROM, sql.getMessage(), sql.getErrorCode(),
                    sql.getSQLState() == null ? ErrorResponse.UNKNOWN_SQL_STATE : sql.getSQLState());
        }
        // Decoding failed, or a field the request left out or gave the wrong type reached Avatica's code as null or as
        // the wrong class: the request's fault, not ours.
        if (e instanceof IOException || e instanceof NullPointerException || e instanceof IllegalArgumentException
                || e instanceof ClassCastException) {
            LOG.debug("malformed Avatica request", e);
            return malformed("Запрос Avatica не разобран: поля не хватает или оно не того типа",
                    "malformed Avatica request: a field is missing or of the wrong type");
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Avatica request failed, error id {}", id, e);
        return answer(DRIVER_READS_ERRORS_ONLY_FROM, "Внутренняя ошибка сервера, код " + id + " / internal server error, id " + id,
                ErrorResponse.UNKNOWN_ERROR_CODE, ErrorResponse.UNKNOWN_SQL_STATE);
    }

    private HandlerResponse<String> answer(int status, String message, int errorCode, String sqlState) {
        return serialized(new ErrorResponse(List.of(), message, errorCode, sqlState, AvaticaSeverity.ERROR, metadata), status);
    }

    private static HandlerResponse<String> serialized(Service.Response response, int status) {
        try {
            return new HandlerResponse<>(JsonService.MAPPER.writeValueAsString(response), status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response of strings always serializes", e);
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
