/**
 * Settings: the engine's keys with their ranges ({@link dev.dinojvm.engine.config.EngineKeys}), loading from defaults, files, environment and {@code --set} with every problem reported at once, and the typed {@link dev.dinojvm.engine.config.EngineSettings}.
 */
package dev.dinojvm.engine.config;
