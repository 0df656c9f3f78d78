package dev.dinojvm.engine.cli;

import dev.dinojvm.api.SpiVersion;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** {@code dino --version}: the engine's version (from the build) and the plugin SPI it implements. */
public class DinoVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("unknown");
        return new String[] {"dino " + version, "plugin SPI " + SpiVersion.CURRENT};
    }
}
