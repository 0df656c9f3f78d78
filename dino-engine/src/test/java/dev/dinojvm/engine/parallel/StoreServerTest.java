package dev.dinojvm.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where rank 0's rendezvous store listens: every interface by default, or the one address asked for. */
class StoreServerTest {

    @Test
    void withoutAnAddressTheStoreListensOnEveryInterface() {
        try (StoreServer server = StoreServer.start("", 0)) {
            assertThat(server.address().getAddress().isAnyLocalAddress()).isTrue();
        }
    }

    @Test
    void aListenAddressRestrictsTheStoreToIt() {
        try (StoreServer server = StoreServer.start("127.0.0.1", 0)) {
            assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void anAddressOfAnotherMachineIsRefusedNamingTheSetting() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
        assertThatThrownBy(() -> StoreServer.start("192.0.2.1", 0)).isInstanceOf(ProcessGroupException.class)
                .hasMessageStartingWith("rank 0 cannot listen on 192.0.2.1 (dino.distributed.listen-address)");
    }
}
