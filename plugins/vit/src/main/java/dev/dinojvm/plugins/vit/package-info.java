/**
 * The {@code vit} backbone plugin: a Vision Transformer with the parameter names, shapes,
 * initialisation and forward pass of the official DINO {@code vision_transformer.py}.
 *
 * <p>Entry point: {@link dev.dinojvm.plugins.vit.VitPlugin}; component: {@link
 * dev.dinojvm.plugins.vit.VitBackboneFactory}; block: {@link dev.dinojvm.plugins.vit.VisionTransformer}.
 */
package dev.dinojvm.plugins.vit;
