package dev.dinojvm.api;

/** The type of a configuration value, as written in a config file or on the command line. */
public enum ConfigType {
    /** A whole number, such as {@code 12}. */
    INTEGER("an integer"),
    /** A number, such as {@code 0.04} or {@code 1e-6}. */
    DOUBLE("a number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** Free text; restrict it with {@link ConfigKey#choices()}. */
    STRING("text"),
    /** Two numbers separated by a comma, such as a scale range {@code 0.4,1.0}. */
    DOUBLE_PAIR("two numbers separated by a comma, such as 0.4,1.0");

    private final String expectation;

    ConfigType(String expectation) {
        this.expectation = expectation;
    }

    /** @return how a user should write a value of this type, for error messages */
    public String expectation() {
        return expectation;
    }

    /**
     * Checks that {@code value} parses as this type.
     *
     * @param value the raw text
     * @return {@code true} when it parses
     */
    public boolean accepts(String value) {
        String v = value.trim();
        try {
            switch (this) {
                case INTEGER:
                    Integer.parseInt(v);
                    return true;
                case DOUBLE:
                    return Double.isFinite(Double.parseDouble(v));
                case BOOLEAN:
                    return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
                case DOUBLE_PAIR:
                    String[] parts = v.split(",");
                    return parts.length == 2
                            && Double.isFinite(Double.parseDouble(parts[0].trim()))
                            && Double.isFinite(Double.parseDouble(parts[1].trim()));
                default:
                    return true;
            }
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
