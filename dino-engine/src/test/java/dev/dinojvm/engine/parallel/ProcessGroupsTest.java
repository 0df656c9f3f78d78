package dev.dinojvm.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessGroupsTest {

    private static final Map<String, String> RECIPE = Map.of("dino.train.epochs", "3", "dino.optimizer.lr", "0.0005");

    @Test
    void theDigestIsTheSha256OfTheSortedSettingsOtherRanksMustShare() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("dino.optimizer.lr=0.0005\ndino.train.epochs=3\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(ProcessGroups.configurationDigest(RECIPE)).isEqualTo(expected);
    }

    @Test
    void rankSettingsAndTheOutputPathDoNotCountButTheRecipeDoes() {
        String digest = ProcessGroups.configurationDigest(RECIPE);
        Map<String, String> rankTwo = Map.of("dino.train.epochs", "3", "dino.optimizer.lr", "0.0005",
                "dino.distributed.rank", "2", "dino.distributed.master-addr", "node-a", "dino.train.output", "/mnt/b/runs");

        assertThat(ProcessGroups.configurationDigest(rankTwo)).isEqualTo(digest);
        assertThat(ProcessGroups.configurationDigest(Map.of("dino.train.epochs", "4", "dino.optimizer.lr", "0.0005"))).isNotEqualTo(digest);
    }
}
