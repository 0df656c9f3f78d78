package dev.dinojvm.engine.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The bearer token every {@code /api} request must carry: configured ({@code dino.serve.token}),
 * read from a file, or generated at first start into {@code <data-dir>/token}, readable by its owner
 * only.
 */
final class ApiToken {

    private final byte[] token;
    private final String origin;

    private ApiToken(String token, String origin) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.origin = origin;
    }

    /**
     * @param configured {@code dino.serve.token}, if set
     * @param tokenFile {@code --token-file}, if given
     * @param dataDir the data directory, for the generated token
     * @return the token
     */
    static ApiToken load(Optional<String> configured, Optional<Path> tokenFile, Path dataDir) throws IOException {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return new ApiToken(configured.get().trim(), "dino.serve.token");
        }
        if (tokenFile.isPresent()) {
            String value = Files.readString(tokenFile.get()).trim();
            if (value.isEmpty()) {
                throw new IllegalStateException("the token file " + tokenFile.get() + " is empty");
            }
            return new ApiToken(value, tokenFile.get().toString());
        }
        Path file = dataDir.resolve("token");
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            // Created with owner-only permissions from the start: never readable by others, even briefly.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, value + "\n");
        }
        return new ApiToken(Files.readString(file).trim(), file.toString());
    }

    /** @return whether an {@code Authorization} header carries this token (compared in constant time) */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** @return where the token came from, for the start-up message (never the token itself) */
    String origin() {
        return origin;
    }
}
