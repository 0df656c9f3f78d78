package dev.dinojvm.examples.tinycnn;

import ai.djl.nn.Block;
import dev.dinojvm.api.Backbone;

/** The backbone the engine trains: a DJL block from {@code (B, 3, H, W)} images to {@code (B, outDim)} features. */
record TinyCnnBackbone(Block block, int outputDim, int imageSize) implements Backbone {}
