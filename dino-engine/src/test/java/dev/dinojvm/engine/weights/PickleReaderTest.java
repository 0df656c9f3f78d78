package dev.dinojvm.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-assembled pickles for what the PyTorch fixtures do not produce. */
class PickleReaderTest {

    private static final PickleReader.PersistentLoader NO_STORAGES = id -> {
        throw new AssertionError("no persistent ids expected");
    };

    @Test
    void anOrderedDictBuiltFromAListOfPairs() throws WeightsFileException {
        // OrderedDict([['a', 7]]): PROTO 2, GLOBAL, EMPTY_LIST, MARK, MARK 'a' 7 LIST, APPENDS, TUPLE1, REDUCE, STOP
        byte[] pickle = bytes(0x80, 2, "ccollections\nOrderedDict\n", ']', '(', '(', 'X', 1, 0, 0, 0, "a", 'K', 7, 'l', 'e',
                0x85, 'R', '.');

        assertThat(PickleReader.read(pickle, "test.pkl", NO_STORAGES)).isEqualTo(Map.of("a", 7L));
    }

    @Test
    void aGlobalNamedOnTheStackIsRefusedToo() {
        // Protocol 4: SHORT_BINUNICODE 'os', SHORT_BINUNICODE 'system', STACK_GLOBAL
        byte[] pickle = bytes(0x80, 4, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, '.');

        assertThatThrownBy(() -> PickleReader.read(pickle, "x.pth", NO_STORAGES))
                .hasMessageStartingWith("x.pth: refused the pickle global os.system,");
    }

    @Test
    void aTruncatedPickleAndAnUnknownOpcodeAreOneLineErrors() {
        assertThatThrownBy(() -> PickleReader.read(bytes(0x80, 2, 'X', 5, 0, 0, 0, "ab"), "t.pth", NO_STORAGES))
                .hasMessage("t.pth is not a readable PyTorch state dict: the pickle ends early (truncated file?)");
        assertThatThrownBy(() -> PickleReader.read(bytes(0x80, 2, 'i', "os\nsystem\n", '.'), "t.pth", NO_STORAGES))
                .hasMessage("t.pth is not a readable PyTorch state dict: unsupported pickle opcode 0x69 at byte 2");
    }

    /** Ints are single bytes, strings their ASCII bytes. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            } else if (part instanceof Character c) {
                out.write(c);
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
