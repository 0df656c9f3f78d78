package dev.dinojvm.plugins.ema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.TrainingProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CosineEmaRuleTest {

    private static final TrainingProgress START = progress(0, 1000);

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void teacherMovesTowardTheStudentByOneMinusLambda() {
        ParameterList teacher = parameters(new float[] {1f}, new float[] {2f, -2f, 3f});
        ParameterList student = parameters(new float[] {0f}, new float[] {4f, 2f, 1f});

        new CosineEmaRule(0.996, 1.0).update(teacher, student, START);

        // 0.996·1 + 0.004·0; 0.996·2 + 0.004·4 = 2.008; 0.996·(−2) + 0.004·2 = −1.984; 0.996·3 + 0.004·1 = 2.992
        assertEquals(0.996f, values(teacher, 0)[0], 1e-7f);
        assertArrayEquals(new float[] {2.008f, -1.984f, 2.992f}, values(teacher, 1), 1e-6f);
        assertArrayEquals(new float[] {0f}, values(student, 0));
        assertArrayEquals(new float[] {4f, 2f, 1f}, values(student, 1));
    }

    @Test
    void momentumOfZeroCopiesTheStudent() {
        ParameterList teacher = parameters(new float[] {1f, 5f});
        ParameterList student = parameters(new float[] {-3f, 0.5f});

        new CosineEmaRule(0, 0).update(teacher, student, progress(10, 100));

        assertArrayEquals(new float[] {-3f, 0.5f}, values(teacher, 0));
    }

    @Test
    void momentumOfOneLeavesTheTeacherUnchanged() {
        ParameterList teacher = parameters(new float[] {0.1f, -7.25f, 3e-8f});
        ParameterList student = parameters(new float[] {9f, 1f, -4f});

        new CosineEmaRule(1, 1).update(teacher, student, progress(500, 1000));

        assertArrayEquals(new float[] {0.1f, -7.25f, 3e-8f}, values(teacher, 0));
    }

    @Test
    void momentumFollowsTheCosineScheduleOfTheReference() {
        CosineEmaRule rule = new CosineEmaRule(0.996, 1.0);

        assertEquals(0.996, rule.momentum(progress(0, 1000)), 1e-15);
        // cos(π/4) = √2/2: 1 − 0.004·(1 + 0.70710678118654752)/2
        assertEquals(0.99658578643762690, rule.momentum(progress(250, 1000)), 1e-15);
        assertEquals(0.998, rule.momentum(progress(500, 1000)), 1e-15);
        // (1 + cos(0.999π))/2 = (1 − cos(0.001π))/2 = (0.001π)²/4 − (0.001π)⁴/48 + … = 2.4673990e-6
        assertEquals(0.99999999013040, rule.momentum(progress(999, 1000)), 1e-13);
        assertEquals(1.0, rule.momentum(progress(1000, 1000)), 1e-15);
    }

    @Test
    void updateUsesTheScheduledMomentum() {
        ParameterList teacher = parameters(new float[] {1f});
        ParameterList student = parameters(new float[] {0f});

        new CosineEmaRule(0.9, 1.0).update(teacher, student, progress(50, 100));

        assertEquals(0.95f, values(teacher, 0)[0], 1e-7f); // λ = (0.9 + 1)/2 at mid-training
    }

    @Test
    void runningStatisticsAreNotAveraged() {
        ParameterList teacher = new ParameterList();
        teacher.add("bn.weight", parameter("bn.weight", Parameter.Type.GAMMA, 1f));
        teacher.add("bn.running_mean", parameter("bn.running_mean", Parameter.Type.RUNNING_MEAN, 1f));
        teacher.add("bn.running_var", parameter("bn.running_var", Parameter.Type.RUNNING_VAR, 1f));
        ParameterList student = new ParameterList();
        student.add("bn.weight", parameter("bn.weight", Parameter.Type.GAMMA, 0f));
        student.add("bn.running_mean", parameter("bn.running_mean", Parameter.Type.RUNNING_MEAN, 0f));
        student.add("bn.running_var", parameter("bn.running_var", Parameter.Type.RUNNING_VAR, 0f));

        new CosineEmaRule(0.5, 0.5).update(teacher, student, START);

        assertArrayEquals(new float[] {0.5f}, values(teacher, 0));
        assertArrayEquals(new float[] {1f}, values(teacher, 1));
        assertArrayEquals(new float[] {1f}, values(teacher, 2));
    }

    @Test
    void mismatchedNamesFailNamingBoth() {
        ParameterList teacher = new ParameterList();
        teacher.add("blocks.0.attn.qkv.weight", parameter("blocks.0.attn.qkv.weight", Parameter.Type.WEIGHT, 1f));
        ParameterList student = new ParameterList();
        student.add("blocks.0.mlp.fc1.weight", parameter("blocks.0.mlp.fc1.weight", Parameter.Type.WEIGHT, 0f));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CosineEmaRule(0.996, 1).update(teacher, student, START));

        assertTrue(e.getMessage().contains("blocks.0.attn.qkv.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("blocks.0.mlp.fc1.weight"), e.getMessage());
        assertArrayEquals(new float[] {1f}, values(teacher, 0));
    }

    @Test
    void differentParameterCountsOrShapesFail() {
        CosineEmaRule rule = new CosineEmaRule(0.996, 1);

        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> rule.update(parameters(new float[] {1f}, new float[] {1f}), parameters(new float[] {1f}), START));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> rule.update(parameters(new float[] {1f, 2f}), parameters(new float[] {1f}), START));

        assertTrue(count.getMessage().contains("2 parameters"), count.getMessage());
        assertTrue(shape.getMessage().contains("p0"), shape.getMessage());
    }

    @Test
    void updateLeavesNoArraysBehind() {
        ParameterList teacher = parameters(new float[] {1f, 2f}, new float[] {3f});
        ParameterList student = parameters(new float[] {0f, 0f}, new float[] {0f});
        int before = manager.getManagedArrays().size();

        CosineEmaRule rule = new CosineEmaRule(0.996, 1);
        for (int i = 0; i < 10; i++) {
            rule.update(teacher, student, progress(i, 10));
        }

        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    void rejectsMomentaOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> new CosineEmaRule(0.999, 0.99));
        assertThrows(IllegalArgumentException.class, () -> new CosineEmaRule(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new CosineEmaRule(0.9, 1.1));
    }

    private static TrainingProgress progress(long iteration, long total) {
        return new TrainingProgress(iteration, total, (int) (iteration / 10), 10);
    }

    /** Parameters named p0, p1, … holding the given values. */
    private ParameterList parameters(float[]... values) {
        ParameterList list = new ParameterList();
        for (int i = 0; i < values.length; i++) {
            list.add("p" + i, Parameter.builder()
                    .setName("p" + i)
                    .setType(Parameter.Type.WEIGHT)
                    .optArray(manager.create(values[i], new Shape(values[i].length)))
                    .build());
        }
        return list;
    }

    private Parameter parameter(String name, Parameter.Type type, float value) {
        return Parameter.builder().setName(name).setType(type).optArray(manager.create(new float[] {value})).build();
    }

    private static float[] values(ParameterList list, int index) {
        return list.valueAt(index).getArray().toFloatArray();
    }
}
