package dev.dinojvm.plugins.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.Component;
import dev.dinojvm.api.ComponentKind;
import dev.dinojvm.api.DinoPlugin;
import dev.dinojvm.api.Head;
import dev.dinojvm.api.HeadFactory;
import dev.dinojvm.api.SpiVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Names and shapes of parameters as in the PyTorch state dict of DINOHead, and plugin registration. */
class DinoHeadStructureTest {

    /** The shapes are known at construction, so even the paper-sized head is checked without allocating it. */
    @Test
    void defaultHeadHasTheReferenceParameters() {
        Head head = HeadFixture.FACTORY.create(HeadFixture.config(Map.of()), 384);

        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("mlp.0.weight", new Shape(2048, 384));
        expected.put("mlp.0.bias", new Shape(2048));
        expected.put("mlp.2.weight", new Shape(2048, 2048));
        expected.put("mlp.2.bias", new Shape(2048));
        expected.put("mlp.4.weight", new Shape(256, 2048));
        expected.put("mlp.4.bias", new Shape(256));
        expected.put("last_layer.weight_g", new Shape(65536, 1));
        expected.put("last_layer.weight_v", new Shape(65536, 256));
        assertEquals(expected, shapes(head.block().getParameters()));
        assertEquals(65536, head.outputDim());
        assertEquals(Set.of("last_layer.weight_g", "last_layer.weight_v"), head.lastLayerParameters());
        assertTrue(head.block().getParameters().keys().containsAll(head.lastLayerParameters()));
        assertEquals(new Shape(10, 65536), head.block().getOutputShapes(new Shape[] {new Shape(10, 384)})[0]);
    }

    @Test
    void batchNormHeadHasTheReferenceParameters() {
        Head head = HeadFixture.FACTORY.create(
                HeadFixture.config(Map.of("use-bn", "true", "out-dim", "1000", "hidden-dim", "64", "bottleneck-dim", "32")), 16);

        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("mlp.0.weight", new Shape(64, 16));
        expected.put("mlp.0.bias", new Shape(64));
        expected.put("mlp.1.weight", new Shape(64));
        expected.put("mlp.1.bias", new Shape(64));
        expected.put("mlp.1.running_mean", new Shape(64));
        expected.put("mlp.1.running_var", new Shape(64));
        expected.put("mlp.3.weight", new Shape(64, 64));
        expected.put("mlp.3.bias", new Shape(64));
        expected.put("mlp.4.weight", new Shape(64));
        expected.put("mlp.4.bias", new Shape(64));
        expected.put("mlp.4.running_mean", new Shape(64));
        expected.put("mlp.4.running_var", new Shape(64));
        expected.put("mlp.6.weight", new Shape(32, 64));
        expected.put("mlp.6.bias", new Shape(32));
        expected.put("last_layer.weight_g", new Shape(1000, 1));
        expected.put("last_layer.weight_v", new Shape(1000, 32));
        ParameterList parameters = head.block().getParameters();
        assertEquals(expected, shapes(parameters));
        assertEquals(Parameter.Type.RUNNING_MEAN, parameters.get("mlp.4.running_mean").getType());
        assertEquals(Parameter.Type.RUNNING_VAR, parameters.get("mlp.1.running_var").getType());
        assertFalse(parameters.get("mlp.1.running_mean").requiresGradient());
        assertFalse(parameters.get("mlp.4.running_var").requiresGradient());
        assertTrue(parameters.get("mlp.1.weight").requiresGradient());
    }

    @Test
    void singleLayerHeadIsOneLinearNamedMlp() {
        Head head = HeadFixture.FACTORY.create(
                HeadFixture.config(Map.of("layers", "1", "out-dim", "100", "bottleneck-dim", "8", "use-bn", "true")), 12);

        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("mlp.weight", new Shape(8, 12));
        expected.put("mlp.bias", new Shape(8));
        expected.put("last_layer.weight_g", new Shape(100, 1));
        expected.put("last_layer.weight_v", new Shape(100, 8));
        assertEquals(expected, shapes(head.block().getParameters()));
    }

    @Test
    void gainIsTrainableOnlyWithoutNormLastLayer() {
        ParameterList fixed = HeadFixture.FACTORY.create(HeadFixture.config(Map.of("out-dim", "10")), 4).block().getParameters();
        ParameterList free = HeadFixture.FACTORY.create(
                HeadFixture.config(Map.of("out-dim", "10", "norm-last-layer", "false")), 4).block().getParameters();

        assertFalse(fixed.get("last_layer.weight_g").requiresGradient());
        assertTrue(fixed.get("last_layer.weight_v").requiresGradient());
        assertTrue(free.get("last_layer.weight_g").requiresGradient());
    }

    @Test
    void pluginIsRegisteredForTheServiceLoader() {
        List<DinoPlugin> plugins = ServiceLoader.load(DinoPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("dino-head"))
                .toList();

        assertEquals(1, plugins.size());
        DinoPlugin plugin = plugins.get(0);
        assertEquals("0.1.0", plugin.version());
        assertNull(SpiVersion.incompatibility(plugin.spiVersion()));
        List<Component> components = plugin.components();
        assertEquals(1, components.size());
        assertInstanceOf(HeadFactory.class, components.get(0));
        assertEquals("dino-head", components.get(0).name());
        assertEquals(ComponentKind.HEAD, components.get(0).kind());
    }

    private static Map<String, Shape> shapes(ParameterList parameters) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        parameters.forEach(p -> shapes.put(p.getKey(), p.getValue().getShape()));
        return shapes;
    }
}
