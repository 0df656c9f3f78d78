/**
 * Pictures of what a backbone sees: attention maps of the CLS token and PCA of patch features.
 */
package dev.dinojvm.engine.visual;
