package dev.dinojvm.engine.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void joinsLinesWithTheBlanksAroundTheBreaks() {
        assertThat(Messages.oneLine("  cannot read\n   the file \r\n\tbecause  \n")).isEqualTo("cannot read the file because");
        assertThat(Messages.oneLine("first\n\nsecond", "; ")).isEqualTo("first; second");
        assertThat(Messages.oneLine(null)).isEmpty();
        assertThat(Messages.oneLine("one  line")).isEqualTo("one  line");
    }

    @Test
    void shortensALongTextKeepingItsStartAndEnd() {
        String message = "expected an integer, got '" + "9".repeat(65_536) + "'";
        String shortened = Messages.shorten(message, 90);
        // 26 + 65,536 + 1 = 65,563 characters: 60 kept at the start, 30 at the end, 65,473 left out
        assertThat(shortened).isEqualTo("expected an integer, got '" + "9".repeat(34) + "…(65473 characters left out)…"
                + "9".repeat(29) + "'");
    }

    @Test
    void leavesShortTextsAlone() {
        assertThat(Messages.shorten("x".repeat(90), 90)).isEqualTo("x".repeat(90));
        assertThat(Messages.shorten(null, 90)).isNull();
        assertThatThrownBy(() -> Messages.shorten("x", 10)).hasMessageContaining("at least 40");
    }
}
