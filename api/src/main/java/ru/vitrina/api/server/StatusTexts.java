package ru.vitrina.api.server;

import java.util.Map;

/**
 * The Russian and English words for the statuses the server produces on its own (the HTTP layer, not a handler), so
 * they read like the rest of the API's errors: "… / …".
 */
final class StatusTexts {
    private static final Map<Integer, String[]> TEXTS = Map.ofEntries(
            Map.entry(400, new String[] {"Неверный запрос", "bad request"}),
            Map.entry(404, new String[] {"Нет такого адреса", "no such route"}),
            Map.entry(405, new String[] {"Метод здесь не принимается", "method not allowed"}),
            Map.entry(406, new String[] {"Нет ответа в запрошенном виде", "not acceptable"}),
            Map.entry(408, new String[] {"Запрос не пришёл вовремя", "request timeout"}),
            Map.entry(413, new String[] {"Тело запроса слишком большое", "request body too large"}),
            Map.entry(414, new String[] {"Адрес запроса слишком длинный", "request URI too long"}),
            Map.entry(415, new String[] {"Неподдерживаемый тип тела запроса", "unsupported media type"}),
            Map.entry(431, new String[] {"Заголовки запроса слишком велики", "request headers too large"}),
            Map.entry(500, new String[] {"Внутренняя ошибка сервера", "internal server error"}),
            Map.entry(501, new String[] {"Не поддерживается", "not implemented"}),
            Map.entry(503, new String[] {"Сервер недоступен", "service unavailable"}),
            Map.entry(505, new String[] {"Версия HTTP не поддерживается", "HTTP version not supported"}));

    private StatusTexts() {
    }

    /**
     * "Russian / English" for {@code status}; {@code detail} (the server's own English reason, e.g. "Ambiguous URI path
     * separator") is added to the English part when it says more than the status.
     */
    static String message(int status, String detail) {
        String[] text = TEXTS.getOrDefault(status, new String[] {"Ошибка HTTP " + status, "HTTP error " + status});
        // A failure of ours or an exception's text would only show internals: the words of the status are enough.
        boolean tellsMore = status < 500 && detail != null && !detail.isBlank() && !detail.contains("Exception")
                && !detail.equalsIgnoreCase(text[1]) && !detail.equals(Integer.toString(status));
        return text[0] + " / " + text[1] + (tellsMore ? ": " + detail : "");
    }
}
