package dev.dinojvm.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CropAttentionTest {

    private static CropAttention of(float... head) {
        int grid = (int) Math.sqrt(head.length);
        return new CropAttention(new float[3 * 4 * grid * grid], 2 * grid, 2, new float[][] {head});
    }

    @Test
    void theMaskKeepsTheLargestPatchesHoldingTheThresholdMass() {
        // Sorted ascending and normalised: 0.1, 0.2, 0.3, 0.4 -> cumulative 0.1, 0.3, 0.6, 1.0; kept where > 1 - 0.6.
        CropAttention attention = of(0.3f, 0.1f, 0.4f, 0.2f);

        assertThat(attention.mask(0, 0.6)).containsExactly(true, false, true, false);
        assertThat(attention.mask(0, 0.85)).containsExactly(true, false, true, true);
        assertThat(attention.mask(0, 0.95)).containsExactly(true, true, true, true);
        assertThat(attention.mask(0, 0.3)).containsExactly(false, false, true, false);
    }

    @Test
    void theMaskDependsOnlyOnProportions() {
        // Unnormalised values (the CLS row without its own column does not sum to 1).
        assertThat(of(0.03f, 0.01f, 0.04f, 0.02f).mask(0, 0.6)).containsExactly(true, false, true, false);
    }

    @Test
    void pixelsTakeTheValueOfTheirPatchAsNearestUpsampling() {
        CropAttention attention = of(1, 2, 3, 4); // 2x2 patches of 2 px on a 4 px crop

        assertThat(attention.at(0, 0, 0)).isEqualTo(1);
        assertThat(attention.at(0, 1, 1)).isEqualTo(1);
        assertThat(attention.at(0, 0, 2)).isEqualTo(2);
        assertThat(attention.at(0, 3, 1)).isEqualTo(3);
        assertThat(attention.at(0, 2, 3)).isEqualTo(4);
    }

    @Test
    void viridisRunsFromDarkPurpleToYellow() {
        assertThat(Viridis.rgb(0)).isEqualTo(0x440154);
        assertThat(Viridis.rgb(1)).isEqualTo(0xfde725);
        assertThat(Viridis.rgb(0.5)).isEqualTo(0x21918c);
        assertThat(Viridis.rgb(0.05)).isEqualTo(0x461365); // halfway between the first two stops, rounded
    }
}
