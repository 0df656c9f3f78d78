package dev.dinojvm.engine.parallel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JNI binding of Gloo ({@code src/main/cpp/dino_gloo.cpp}), built by Maven against Debian's
 * {@code libgloo-dev} and shipped in the jar under {@value #RESOURCE}. Running it needs Debian's
 * {@code libgloo0}.
 */
final class GlooNative {

    private static final String RESOURCE = "/native/linux-x86_64/libdino_gloo.so";

    private static boolean loaded;

    private GlooNative() {}

    /** Loads the binding once per process. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        try (InputStream library = GlooNative.class.getResourceAsStream(RESOURCE)) {
            if (library == null) {
                throw new ProcessGroupException("this build has no Gloo binding (" + RESOURCE + "): build it on Linux x86-64 with g++ and"
                        + " Debian's libgloo-dev installed (apt-get install -y g++ libgloo-dev)");
            }
            Path file = Files.createTempFile("libdino_gloo", ".so");
            file.toFile().deleteOnExit();
            Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the Gloo binding: " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new ProcessGroupException("cannot load the Gloo binding (" + e.getMessage() + "): install Debian's libgloo0"
                    + " (apt-get install -y libgloo0)", e);
        }
        loaded = true;
    }

    /**
     * Creates Gloo's TCP device on {@code hostname}'s interface and connects to every other rank through
     * the store ({@code gloo::rendezvous::Context::connectFullMesh}).
     *
     * @return the group's handle for {@link #sumFloats} and {@link #close}
     * @throws GlooException on Gloo's I/O errors and timeouts
     */
    static native long connect(int rank, int size, String hostname, KeyValueStore store, long timeoutMillis);

    /**
     * Sums {@code count} floats at the start of a direct buffer over all ranks, in place ({@code
     * gloo::allreduce}).
     *
     * @throws GlooException on Gloo's I/O errors and timeouts
     */
    static native void sumFloats(long group, ByteBuffer floats, long count, long timeoutMillis);

    /** Releases the group's connections. */
    static native void close(long group);
}
