package dev.dinojvm.plugins.multicrop;

/**
 * A rectangle of an image, in pixels, as returned by torchvision's {@code RandomResizedCrop.get_params}.
 *
 * @param top first row
 * @param left first column
 * @param height number of rows
 * @param width number of columns
 */
record CropBox(int top, int left, int height, int width) {}
