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
 * <p>Optional capabilities a component may implement besides its extension point's interface:
 *
 * <ul>
 *   <li>{@link dev.dinojvm.api.AttentionMaps} (added in SPI 1.1): a {@link dev.dinojvm.api.Backbone}
 *       that also implements it gives the self-attention of its last block, for attention-map figures.
 * </ul>
 *
 * <p>Version history: 1.0, the extension points above; 1.1, {@link dev.dinojvm.api.AttentionMaps}
 * (backward compatible: plugins built for 1.0 keep working, without attention maps); 1.3, {@link
 * dev.dinojvm.api.ConfigKey#resumable}: the keys that may change when a run resumes (keys of earlier
 * plugins may not).
 *
 * <p>Helpers shared by the engine and the standard plugins, for plugins to use too: {@link
 * dev.dinojvm.api.AutogradOperands} (scalars and copies that stay valid until the backward pass on
 * DJL's PyTorch engine), {@link dev.dinojvm.api.TruncatedNormalInitializer} (timm's initialisation),
 * {@link dev.dinojvm.api.CosineSchedule} (the reference's cosine scheduler) and {@link
 * dev.dinojvm.api.RandomPermutation} (a reproducible shuffle).
 *
 * <p>This package depends only on the JDK and DJL's {@code ai.djl:api}; both are provided by the
 * engine at run time, so plugins declare them with {@code provided} scope.
 */
package dev.dinojvm.api;
