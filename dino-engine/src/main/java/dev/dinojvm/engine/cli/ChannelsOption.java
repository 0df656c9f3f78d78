package dev.dinojvm.engine.cli;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.visual.ChannelDisplay;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --channels}: which channels of multi-channel images a figure shows, as {@code dino.report.channels} does for the report. */
public class ChannelsOption {

    @Option(names = "--channels", paramLabel = "C[,C,C]", description = "Channels shown: one index (grey) or three (red, green,"
            + " blue), e.g. 0,1,2; default: the first three, or the first in grey for images of one or two channels (as "
            + EngineKeys.REPORT_CHANNELS + ").")
    String channels;

    /**
     * @param imageChannels the channels of the images shown
     * @return the display, checked against them
     */
    ChannelDisplay display(int imageChannels) {
        try {
            ChannelDisplay display = ChannelDisplay.parse(channels);
            display.shown(imageChannels);
            return display;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigProblem("--channels", e.getMessage())));
        }
    }
}
