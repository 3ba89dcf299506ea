package ru.vitrina.cubes.load;

/** A cube file is wrong; the message names the file, the member and what is wrong with it. */
public class CubeDefinitionException extends RuntimeException {
    public CubeDefinitionException(String message) {
        super(message);
    }

    public CubeDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
