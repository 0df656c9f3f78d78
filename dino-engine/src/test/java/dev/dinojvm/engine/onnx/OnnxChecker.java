package dev.dinojvm.engine.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * ONNX's own checker ({@code onnx.checker.check_model} with shape inference) on an exported file,
 * through Debian's {@code python3-onnx} at {@value #PYTHON}.
 */
final class OnnxChecker {

    static final String PYTHON = "/usr/bin/python3";

    private OnnxChecker() {}

    static void assertValid(Path model) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON, "-c",
                "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('valid', onnx.__version__)",
                model.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("onnx.checker did not finish on " + model);
        }
        if (process.exitValue() != 0 || !output.startsWith("valid")) {
            throw new AssertionError("onnx.checker rejects " + model + ":\n" + output);
        }
    }
}
