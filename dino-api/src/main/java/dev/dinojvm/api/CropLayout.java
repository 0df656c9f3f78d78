package dev.dinojvm.api;

/**
 * The shape of a multi-crop: how many global and local views, and their square sizes in pixels.
 *
 * @param globalCrops number of global views (DINO: 2; the teacher sees only these)
 * @param globalSize side of a global view, e.g. 224
 * @param localCrops number of local views, e.g. 8 (may be 0)
 * @param localSize side of a local view, e.g. 96
 */
public record CropLayout(int globalCrops, int globalSize, int localCrops, int localSize) {

    /** @return global plus local views */
    public int totalCrops() {
        return globalCrops + localCrops;
    }
}
