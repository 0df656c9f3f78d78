package dev.dinojvm.engine.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The method calls in compiled classes, read with ASM (which the engine's Quarkus runtime brings):
 * who calls what, and the string constants loaded since the caller's previous call, which are the
 * constant arguments of the call (compile-time constants such as {@code EngineKeys.TRAIN_SEED} are
 * inlined there, so a source scan would have to resolve them).
 */
final class CompiledCalls {

    /**
     * @param caller {@code package/Class.method}
     * @param owner the called method's class, internal name ({@code ai/djl/ndarray/NDArray})
     * @param name the called method
     * @param constants the strings loaded as constants since the caller's previous call
     */
    record Call(String caller, String owner, String name, List<String> constants) {
        /** @return the caller's class, internal name */
        String callerClass() {
            return caller.substring(0, caller.lastIndexOf('.'));
        }
    }

    private CompiledCalls() {}

    /**
     * @param type a class whose code source (a directory or a jar) is to be read
     * @return every call made in every class of that code source
     */
    static List<Call> inCodeSourceOf(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return inTree(location);
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return inTree(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Call> inTree(Path root) throws IOException {
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    calls.addAll(in(in.readAllBytes()));
                }
            }
        }
        return calls;
    }

    /**
     * @param classFile the bytes of one class file
     * @return the calls its methods make
     */
    static List<Call> in(byte[] classFile) {
        List<Call> calls = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            private String className;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                className = name;
            }

            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                String caller = className + "." + method;
                return new MethodVisitor(Opcodes.ASM9) {
                    private final List<String> constants = new ArrayList<>();

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String text) {
                            constants.add(text);
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                        calls.add(new Call(caller, owner, name, List.copyOf(constants)));
                        constants.clear();
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                        constants.clear(); // a string concatenation or a lambda: no lookup
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return calls;
    }
}
