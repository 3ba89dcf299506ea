package ru.vitrina.api.config;

/** The configuration is wrong; the message names the setting and what is wrong with it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
