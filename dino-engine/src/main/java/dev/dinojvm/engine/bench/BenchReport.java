package dev.dinojvm.engine.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.dinojvm.engine.train.StepTimer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code dino bench} measured, printed as one JSON line. Images are source images (the batch
 * size per step), each giving all its crops. A figure that was not measured is {@code null}.
 */
public final class BenchReport {

    /** Batch size over the median step time, synthetic crops. */
    Double trainingImagesPerSecond;
    /** CPU time of the process during the timed steps over their wall time (2.0 = two cores busy). */
    Double trainingCpuLoad;
    /** Milliseconds per step, one value per timing window. */
    List<Double> stepMillis;
    /** Batch size (this rank's share of it under several ranks) over the median time to prepare a batch (decode and multi-crop). */
    Double dataImagesPerSecond;
    /** CPU time of the process while preparing the timed batches over their wall time. */
    Double dataCpuLoad;
    /** This process's rank and the number of ranks: the data figures are of this rank's share of each batch. */
    int dataRank;
    int dataRanks = 1;
    /** Milliseconds per data batch. */
    List<Double> dataBatchMillis;
    /** Images prepared per second of the process's CPU time: the throughput per busy core, whatever the load. */
    Double dataImagesPerCpuSecond;
    /** With {@code --stages}: milliseconds of CPU per image for each stage of the data pipeline, then the total. */
    Map<String, Double> dataStageMillis;
    /** Peak resident memory of the process, MiB ({@code VmHWM}). */
    double peakResidentMebibytes;
    /** Device memory in use at the end of the steps on a GPU, MiB, else {@code null}. */
    Double peakDeviceMebibytes;
    /** Median milliseconds per phase of a step, with {@code --profile}. */
    Map<StepTimer.Phase, Double> phaseMillis;
    /** The loss at the end of each timing window, so that two precisions' curves can be compared. */
    List<Float> losses;
    /** The fp16 loss scale after the steps, {@code null} without loss scaling. */
    Double lossScale;
    /** Optimizer steps skipped for overflowing fp16 gradients. */
    Long skippedSteps;
    /** Devices (replicas) that computed each step. */
    int devices = 1;
    /** Images per second with the first device alone, measured when there are several. */
    Double singleDeviceImagesPerSecond;
    /** Median of the replicas running at once during a step's forward and backward, with {@code --profile} and several devices. */
    Double replicaConcurrency;
    /** Device memory in use on each GPU at the end of the steps, MiB. */
    double[] deviceMebibytes;
    /** Number of values in the student's parameters. */
    Long parameterCount;
    /** The effective configuration. */
    JsonObject configuration;

    /** @return the report as a JSON object */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("training_images_per_second", round(trainingImagesPerSecond));
        json.add("training_step_ms", summary(stepMillis));
        // On a shared machine the process gets less than its threads ask for: this says how much it got.
        json.addProperty("training_cpu_load", round(trainingCpuLoad));
        json.addProperty("data_pipeline_images_per_second", round(dataImagesPerSecond));
        json.add("data_batch_ms", summary(dataBatchMillis));
        if (dataRanks > 1) {
            json.addProperty("data_rank", dataRank);
            json.addProperty("data_ranks", dataRanks);
        }
        json.addProperty("data_cpu_load", round(dataCpuLoad));
        json.addProperty("data_images_per_cpu_second", round(dataImagesPerCpuSecond));
        if (dataStageMillis != null) {
            JsonObject stages = new JsonObject();
            dataStageMillis.forEach((stage, millis) -> stages.addProperty(stage, round(millis)));
            json.add("data_stage_ms_per_image", stages);
        }
        json.addProperty("peak_resident_memory_mb", round(peakResidentMebibytes));
        json.addProperty("peak_device_memory_mb", round(peakDeviceMebibytes));
        JsonObject profile = null;
        if (phaseMillis != null) {
            profile = new JsonObject();
            for (Map.Entry<StepTimer.Phase, Double> e : phaseMillis.entrySet()) {
                profile.addProperty(e.getKey().name().toLowerCase(Locale.ROOT), round(e.getValue()));
            }
        }
        json.add("profile_ms", profile);
        json.addProperty("devices", devices);
        json.addProperty("loss_scale", lossScale);
        json.addProperty("skipped_steps", skippedSteps);
        if (losses != null) {
            com.google.gson.JsonArray curve = new com.google.gson.JsonArray();
            losses.forEach(loss -> curve.add(Math.round(loss * 1e5) / 1e5));
            json.add("losses", curve);
        }
        json.addProperty("single_device_images_per_second", round(singleDeviceImagesPerSecond));
        json.addProperty("scaling", singleDeviceImagesPerSecond == null || trainingImagesPerSecond == null ? null
                : round(trainingImagesPerSecond / singleDeviceImagesPerSecond));
        json.addProperty("replica_concurrency", round(replicaConcurrency));
        if (deviceMebibytes != null && deviceMebibytes.length > 0) {
            com.google.gson.JsonArray memory = new com.google.gson.JsonArray();
            for (double value : deviceMebibytes) {
                memory.add(round(value));
            }
            json.add("device_memory_mb", memory);
        }
        json.addProperty("student_parameters", parameterCount);
        json.add("config", configuration);
        return json;
    }

    /** @return {@link #toJson()} on one line, {@code null}s included */
    public String toJsonLine() {
        Gson gson = new GsonBuilder().serializeNulls().create();
        return gson.toJson(toJson());
    }

    private static JsonObject summary(List<Double> millis) {
        if (millis == null) {
            return null;
        }
        JsonObject summary = new JsonObject();
        summary.addProperty("median", round(Statistics.median(millis)));
        summary.addProperty("min", round(millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow()));
        summary.addProperty("max", round(millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
        summary.addProperty("count", millis.size());
        return summary;
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 1000) / 1000.0;
    }
}
