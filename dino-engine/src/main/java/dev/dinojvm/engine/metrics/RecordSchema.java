package dev.dinojvm.engine.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of one kind of {@code metrics.jsonl} record, in the order they are written. The JSON line and
 * the TensorBoard scalars of a record are both written from this list, so the two cannot differ.
 *
 * @param kind what the record is, as docs/metrics.md names its table ({@code iteration}, {@code knn}, ...)
 * @param fields the fields, in file order
 * @param <R> the record type
 */
public record RecordSchema<R>(String kind, List<Field<R>> fields) {

    /**
     * @param kind what the record is
     * @param fields the fields, in file order
     */
    public RecordSchema {
        fields = List.copyOf(fields);
        if (fields.stream().map(Field::name).distinct().count() != fields.size()) {
            throw new IllegalArgumentException("a field name repeats in the " + kind + " record");
        }
    }

    /**
     * @param name a field's JSON name
     * @return that name, once checked to be a field of this record (so that readers of metrics.jsonl, such as
     *     the report, fail at once when a field is renamed)
     * @throws IllegalArgumentException when there is no such field
     */
    public String name(String name) {
        return field(name).name();
    }

    /**
     * @param name a field's JSON name
     * @return the field
     * @throws IllegalArgumentException when there is no such field
     */
    public Field<R> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the " + kind + " record of metrics.jsonl has no field '" + name + "'"));
    }

    /** @return the JSON names, in file order */
    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    /**
     * @param record a record
     * @return its line of metrics.jsonl, without a line break; absent fields are left out
     */
    public String json(R record) {
        StringBuilder json = new StringBuilder("{");
        for (Field<R> field : fields) {
            Object value = field.value().apply(record);
            if (value == null) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(field.name()).append("\":").append(jsonValue(value, field.format()));
        }
        return json.append('}').toString();
    }

    /**
     * @param record a record
     * @return its TensorBoard scalars, tag to value; an array field gives one scalar per element, tagged
     *     {@code group/name/index}, a map field one per entry, tagged {@code group/name/key}
     */
    public Map<String, Double> scalars(R record) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Field<R> field : fields) {
            Optional<String> tag = field.tag();
            Object value = field.value().apply(record);
            if (tag.isEmpty() || value == null) {
                continue;
            }
            if (value instanceof double[] array) {
                for (int i = 0; i < array.length; i++) {
                    scalars.put(tag.get() + "/" + i, array[i]);
                }
            } else if (value instanceof Map<?, ?> named) {
                named.forEach((name, number) -> scalars.put(tag.get() + "/" + name, ((Number) number).doubleValue()));
            } else {
                scalars.put(tag.get(), ((Number) value).doubleValue());
            }
        }
        return scalars;
    }

    private static String jsonValue(Object value, String format) {
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof Double || value instanceof Float) {
            return String.format(Locale.ROOT, format, ((Number) value).doubleValue());
        }
        if (value instanceof double[] array) {
            List<String> items = new ArrayList<>(array.length);
            for (double item : array) {
                items.add(String.format(Locale.ROOT, format, item));
            }
            return "[" + String.join(",", items) + "]";
        }
        if (value instanceof Map<?, ?> named) {
            List<String> items = new ArrayList<>(named.size());
            named.forEach((name, number) -> items.add(jsonValue(name.toString(), format) + ":" + jsonValue(number, format)));
            return "{" + String.join(",", items) + "}";
        }
        return value.toString(); // integers
    }
}
