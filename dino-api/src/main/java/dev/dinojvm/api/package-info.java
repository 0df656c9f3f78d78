/**
 * The DINO plugin SPI, version {@value dev.dinojvm.api.SpiVersion#CURRENT}.
 *
 * <p>A plugin jar registers one {@link dev.dinojvm.api.DinoPlugin} with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.dinojvm.api.DinoPlugin}), usually a subclass of {@link
 * dev.dinojvm.api.PluginDescriptor} (SPI 1.3). The plugin names its {@link
 * dev.dinojvm.api.Component components}, one per extension point:
 *
 * <ul>
 *   <li>{@link dev.dinojvm.api.AugmentationFactory}: one image to the global and local views of a
 *       multi-crop;
 *   <li>{@link dev.dinojvm.api.BackboneFactory}: a DJL block from images to per-image features;
 *   <li>{@link dev.dinojvm.api.HeadFactory}: the projection head on backbone features;
 *   <li>{@link dev.dinojvm.api.TeacherUpdateFactory}: how teacher parameters follow the student;
 *   <li>{@link dev.dinojvm.api.ObjectiveFactory} (added in SPI 1.5): the training objective, the loss terms computed from
 *       the outputs of student and teacher, with the state it keeps (such as DINO's running centre).
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
 *   <li>{@link dev.dinojvm.api.PatchTokens} (added in SPI 1.2): a {@link dev.dinojvm.api.Backbone} that
 *       also implements it gives every output token, for patch features.
 *   <li>{@link dev.dinojvm.api.MaskedTokens} (added in SPI 1.4): a {@link dev.dinojvm.api.Backbone} that
 *       also implements it replaces masked patches by a learned mask token, for iBOT's masked patches.
 * </ul>
 *
 * <p>Version history ({@link dev.dinojvm.api.SpiVersion} has it whole): 1.0, the first four extension points above;
 * 1.1, {@link dev.dinojvm.api.AttentionMaps}; 1.2, {@link dev.dinojvm.api.ValueRange} and {@link
 * dev.dinojvm.api.PatchTokens}; 1.3, {@link dev.dinojvm.api.ConfigKey#resumable} (the keys that may change
 * when a run resumes) and {@link dev.dinojvm.api.PluginDescriptor}; 1.4, {@link
 * dev.dinojvm.api.MaskedTokens}; 1.5, {@link dev.dinojvm.api.ObjectiveFactory}, {@link dev.dinojvm.api.ImageBytes} and the
 * augmentation's method for them. Each is backward compatible: plugins built for an earlier minor version
 * keep working, without the capabilities added after it.
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
