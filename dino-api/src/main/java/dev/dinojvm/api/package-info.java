/**
 * The DINO plugin SPI, version {@value dev.dinojvm.api.SpiVersion#CURRENT}.
 *
 * <p>A plugin jar registers one {@link dev.dinojvm.api.DinoPlugin} with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.dinojvm.api.DinoPlugin}). The plugin names its {@link
 * dev.dinojvm.api.Component components}, one per extension point:
 *
 * <ul>
 *   <li>{@link dev.dinojvm.api.AugmentationFactory}: one image to the global and local views of a
 *       multi-crop;
 *   <li>{@link dev.dinojvm.api.BackboneFactory}: a DJL block from images to per-image features;
 *   <li>{@link dev.dinojvm.api.HeadFactory}: the projection head on backbone features;
 *   <li>{@link dev.dinojvm.api.TeacherUpdateFactory}: how teacher parameters follow the student.
 * </ul>
 *
 * <p>Each component declares its configuration keys ({@link dev.dinojvm.api.ConfigKey}) and validates
 * a {@link dev.dinojvm.api.ComponentConfig}, returning every {@link dev.dinojvm.api.ConfigProblem} at
 * once. Plugins are not CDI beans: they read nothing but the configuration they are given.
 *
 * <p>This package depends only on the JDK and DJL's {@code ai.djl:api}; both are provided by the
 * engine at run time, so plugins declare them with {@code provided} scope.
 */
package dev.dinojvm.api;
