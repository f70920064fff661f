package io.revchain.core.database;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A database user and password, read from an environment variable holding {@code user:password} (the first colon
 * separates them). {@link #toString()} never shows the password, and no message of this class quotes the variable's
 * value.
 */
public final class Credentials {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final String user;
    private final String password;

    private Credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Whether {@code name} can name an environment variable. */
    public static boolean validVariable(String name) {
        return name != null && VARIABLE.matcher(name).matches();
    }

    /**
     * The credentials variable {@code variable} holds in {@code environment}.
     *
     * @throws IllegalArgumentException when the name is not a variable name, the variable is not set, or its value
     *                                  is not {@code user:password}
     */
    public static Credentials fromEnvironment(String variable, Function<String, String> environment) {
        if (!validVariable(variable)) {
            throw new IllegalArgumentException("credentials must name an environment variable (letters, digits, _)");
        }
        String v = environment.apply(variable);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(
                    "environment variable " + variable + " is not set (it must hold " + "user:password)");
        }
        int colon = v.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("environment variable " + variable + " must hold user:password");
        }
        return new Credentials(v.substring(0, colon), v.substring(colon + 1));
    }

    public String user() {
        return user;
    }

    /** The password, for the driver's properties only. */
    public String password() {
        return password;
    }

    /** Removes the password from {@code text} wherever it appears (a driver's message, say). */
    public String scrub(String text) {
        if (text == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "***");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && user.equals(c.user) && password.equals(c.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, password);
    }
}
