/**
 * Weight files from elsewhere: the official DINO {@code .pth} files (read by a restricted unpickler
 * that never executes anything), timm and Hugging Face safetensors, and this project's own files,
 * recognised from their content and mapped to this project's parameter names; strict or non-strict
 * loading, and the initial weights of a training run ({@code dino train --init-from}).
 */
package dev.dinojvm.engine.weights;
