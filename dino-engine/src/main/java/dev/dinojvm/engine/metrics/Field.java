package dev.dinojvm.engine.metrics;

import java.util.Optional;
import java.util.function.Function;

/**
 * One field of a {@code metrics.jsonl} record.
 *
 * @param name the JSON name, also the last part of its TensorBoard tag
 * @param group the TensorBoard group, the tag being {@code group/name}; empty for a field that is no scalar of
 *     its own (the iteration, which is TensorBoard's step; the epoch; settings such as k)
 * @param format how a decimal value is written ({@link String#format}); integers and text are written as they are
 * @param value reads the field from its record; {@code null} when this record leaves it out (e.g. the loss scale
 *     of a run without fp16)
 * @param <R> the record type
 */
public record Field<R>(String name, Optional<String> group, String format, Function<R, Object> value) {

    /**
     * @param name JSON name
     * @param value reads it
     * @param <R> the record type
     * @return a field written to metrics.jsonl only
     */
    public static <R> Field<R> key(String name, Function<R, Object> value) {
        return new Field<>(name, Optional.empty(), "%s", value);
    }

    /**
     * @param name JSON name
     * @param format decimal format
     * @param value reads it
     * @param <R> the record type
     * @return a field written to metrics.jsonl only, with the given decimal format
     */
    public static <R> Field<R> key(String name, String format, Function<R, Object> value) {
        return new Field<>(name, Optional.empty(), format, value);
    }

    /**
     * @param group TensorBoard group
     * @param name JSON name
     * @param format decimal format
     * @param value reads it
     * @param <R> the record type
     * @return a field written to metrics.jsonl and as the TensorBoard scalar {@code group/name}
     */
    public static <R> Field<R> scalar(String group, String name, String format, Function<R, Object> value) {
        return new Field<>(name, Optional.of(group), format, value);
    }

    /** @return the TensorBoard tag, when the field is a scalar */
    public Optional<String> tag() {
        return group.map(g -> g + "/" + name);
    }
}
