package dev.dinojvm.engine.report;

/** HTML text escaping: the JDK has none. */
final class Html {

    private Html() {}

    /**
     * @param text any text
     * @return the text safe inside an element or a double-quoted attribute
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
