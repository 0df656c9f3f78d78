package dev.dinojvm.engine.runtime;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/** Delegates everything to its parent but the bundled libtorch's marker, which it hides (see {@link DjlRuntime}). */
final class WithoutBundledLibtorch extends ClassLoader {

    /** The resource by which DJL finds a libtorch bundled in a jar. */
    static final String MARKER = "native/lib/pytorch.properties";

    WithoutBundledLibtorch(ClassLoader parent) {
        super(parent);
    }

    @Override
    public URL getResource(String name) {
        return MARKER.equals(name) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return MARKER.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
    }
}
