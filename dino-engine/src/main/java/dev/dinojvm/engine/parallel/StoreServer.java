package dev.dinojvm.engine.parallel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import dev.dinojvm.engine.config.EngineKeys;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rank 0's rendezvous store, the role of c10d's TCPStore: a key-value map served over TCP on {@code
 * MASTER_PORT}. Each rank keeps its connection open for the whole job, so a connection that closes
 * without a goodbye tells which rank died.
 */
final class StoreServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, byte[]> values = new HashMap<>();
    private final TreeSet<Integer> departed = new TreeSet<>();
    private final Set<Integer> connected = new TreeSet<>();
    private final List<Socket> connections = new ArrayList<>();

    private StoreServer(ServerSocket socket) {
        this.socket = socket;
    }

    /**
     * @param listenAddress the address of this machine to listen on; empty for every interface
     * @param port the port to listen on
     * @return the running server
     * @throws ProcessGroupException when the port is taken or the address is not this machine's
     */
    static StoreServer start(String listenAddress, int port) {
        ServerSocket socket;
        try {
            socket = new ServerSocket(port, 50, listenAddress.isEmpty() ? null : InetAddress.getByName(listenAddress));
        } catch (BindException e) {
            if (!listenAddress.isEmpty() && !e.getMessage().contains("in use")) {
                throw new ProcessGroupException("rank 0 cannot listen on " + listenAddress + " (" + EngineKeys.DISTRIBUTED_LISTEN_ADDRESS
                        + "): " + e.getMessage() + "; give an address of this machine, or leave it unset for every interface", e);
            }
            throw new ProcessGroupException("MASTER_PORT " + port + " is in use on this machine (rank 0 listens there): "
                    + "choose a free port for every rank, or stop what holds it");
        } catch (IOException e) {
            throw new ProcessGroupException("rank 0 cannot listen on MASTER_PORT " + port + ": " + e.getMessage(), e);
        }
        StoreServer server = new StoreServer(socket);
        daemon("dino-store-accept", server::acceptLoop).start();
        return server;
    }

    /** @return the address and port it listens on */
    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                synchronized (this) {
                    connections.add(connection);
                }
                daemon("dino-store-connection", () -> serve(connection)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        int rank = -1;
        boolean goodbye = false;
        try (connection;
                DataInputStream in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()))) {
            while (!goodbye) {
                byte request = in.readByte();
                switch (request) {
                    case StoreProtocol.HELLO -> {
                        rank = in.readInt();
                        connected(rank);
                    }
                    case StoreProtocol.SET -> {
                        set(in.readUTF(), in.readNBytes(in.readInt()));
                        out.writeByte(StoreProtocol.OK);
                    }
                    case StoreProtocol.GET -> answerGet(out, in.readUTF(), in.readLong());
                    case StoreProtocol.AWAIT -> answerAwait(out, readKeys(in), in.readLong());
                    case StoreProtocol.DEPARTED -> answerDeparted(out, in.readLong());
                    case StoreProtocol.BYE -> goodbye = true;
                    default -> throw new IOException("unknown request " + request);
                }
                out.flush();
            }
        } catch (IOException e) {
            // the connection ended; below decides whether that was a death
        }
        if (rank >= 0) {
            left(rank, goodbye);
        }
    }

    private synchronized void connected(int rank) {
        connected.add(rank);
    }

    private synchronized void left(int rank, boolean goodbye) {
        connected.remove(rank);
        if (!goodbye) {
            departed.add(rank);
        }
        notifyAll();
    }

    /**
     * Waits until every rank but {@code host} has closed its connection, or the timeout: lets rank 0 stop
     * serving only once the others have read what they still needed, instead of cutting them off mid-request.
     *
     * @param host the rank that serves this store
     * @param timeoutMillis how long to wait at most
     */
    synchronized void awaitOthersLeft(int host, long timeoutMillis) {
        waitUntil(() -> connected.stream().allMatch(rank -> rank == host), System.currentTimeMillis() + timeoutMillis);
    }

    private static String[] readKeys(DataInputStream in) throws IOException {
        String[] keys = new String[in.readInt()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = in.readUTF();
        }
        return keys;
    }

    private synchronized void set(String key, byte[] value) {
        values.put(key, value);
        notifyAll();
    }

    private void answerGet(DataOutputStream out, String key, long timeoutMillis) throws IOException {
        List<String> missing = awaitKeys(new String[] {key}, timeoutMillis);
        if (!missing.isEmpty()) {
            out.writeByte(StoreProtocol.TIMEOUT);
            out.writeUTF(key);
            return;
        }
        byte[] value;
        synchronized (this) {
            value = values.get(key);
        }
        out.writeByte(StoreProtocol.VALUE);
        out.writeInt(value.length);
        out.write(value);
    }

    private void answerAwait(DataOutputStream out, String[] keys, long timeoutMillis) throws IOException {
        List<String> missing = awaitKeys(keys, timeoutMillis);
        if (missing.isEmpty()) {
            out.writeByte(StoreProtocol.OK);
        } else {
            out.writeByte(StoreProtocol.TIMEOUT);
            out.writeUTF(String.join(" ", missing));
        }
    }

    private void answerDeparted(DataOutputStream out, long waitMillis) throws IOException {
        List<Integer> ranks;
        synchronized (this) {
            long deadline = System.currentTimeMillis() + waitMillis;
            waitUntil(() -> !departed.isEmpty(), deadline);
            ranks = new ArrayList<>(departed);
        }
        out.writeInt(ranks.size());
        for (int rank : ranks) {
            out.writeInt(rank);
        }
    }

    /** @return the keys still missing at the deadline, empty when all were set in time */
    private synchronized List<String> awaitKeys(String[] keys, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        waitUntil(() -> missing(keys).isEmpty(), deadline);
        return missing(keys);
    }

    private List<String> missing(String[] keys) {
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (!values.containsKey(key)) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** Waits on this object's monitor, which the caller holds, until the condition holds or the deadline. */
    private void waitUntil(java.util.function.BooleanSupplier condition, long deadline) {
        long left;
        while (!condition.getAsBoolean() && (left = deadline - System.currentTimeMillis()) > 0) {
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        try {
            socket.close();
            synchronized (this) {
                for (Socket connection : connections) {
                    connection.close();
                }
            }
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
