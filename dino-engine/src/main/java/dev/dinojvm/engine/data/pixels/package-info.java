/**
 * Image files read with every channel at its stored depth ({@link dev.dinojvm.engine.data.pixels.PixelFiles}),
 * checks that a set of them is of one kind ({@link dev.dinojvm.engine.data.pixels.PixelFormatCheck}), and
 * per-channel statistics to normalise them with ({@link dev.dinojvm.engine.data.pixels.ChannelStatistics}).
 */
package dev.dinojvm.engine.data.pixels;
