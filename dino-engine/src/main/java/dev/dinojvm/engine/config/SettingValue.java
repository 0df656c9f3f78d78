package dev.dinojvm.engine.config;

/**
 * One effective setting.
 *
 * @param value the value, as written
 * @param source where it came from, e.g. {@code default}, {@code config file run.yaml}, {@code env
 *     DINO_TRAIN_EPOCHS}, {@code --set}
 */
public record SettingValue(String value, String source) {}
