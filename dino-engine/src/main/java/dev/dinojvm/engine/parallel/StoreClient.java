package dev.dinojvm.engine.parallel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One rank's connection to rank 0's {@link StoreServer}, open for the whole job. */
final class StoreClient implements KeyValueStore, AutoCloseable {

    /** Slack on top of a request's own timeout before the server itself counts as gone. */
    private static final int ANSWER_SLACK_MILLIS = 10_000;

    private final String address;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private StoreClient(String address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /**
     * Connects to rank 0's store, retrying while rank 0 is not listening yet.
     *
     * @param host {@code MASTER_ADDR}
     * @param port {@code MASTER_PORT}
     * @param rank this process's rank, announced to the store
     * @param timeout how long to keep trying
     * @return the connection
     * @throws ProcessGroupException when rank 0 cannot be reached in time
     */
    static StoreClient connect(String host, int port, int rank, Duration timeout) {
        String address = host + ":" + port;
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, deadline - System.currentTimeMillis()));
                StoreClient client = new StoreClient(address, socket);
                client.out.writeByte(StoreProtocol.HELLO);
                client.out.writeInt(rank);
                client.out.flush();
                return client;
            } catch (ConnectException | SocketTimeoutException e) {
                closeQuietly(socket);
                if (System.currentTimeMillis() >= deadline) {
                    throw new ProcessGroupException("rank " + rank + " could not reach rank 0 at MASTER_ADDR:MASTER_PORT " + address
                            + " within " + timeout.toSeconds() + " s: is rank 0 running, and are the address and port right?");
                }
                pause();
            } catch (IOException e) {
                closeQuietly(socket);
                throw new ProcessGroupException("rank " + rank + " cannot connect to rank 0 at " + address + ": " + e.getMessage(), e);
            }
        }
    }

    /** @return the address of this machine's interface that reaches rank 0: where the other ranks can reach this one */
    String localAddress() {
        return socket.getLocalAddress().getHostAddress();
    }

    @Override
    public synchronized void set(String key, byte[] value) {
        request(0, () -> {
            out.writeByte(StoreProtocol.SET);
            out.writeUTF(key);
            out.writeInt(value.length);
            out.write(value);
            out.flush();
            in.readByte();
            return null;
        });
    }

    @Override
    public synchronized byte[] get(String key, long timeoutMillis) {
        return request(timeoutMillis, () -> {
            out.writeByte(StoreProtocol.GET);
            out.writeUTF(key);
            out.writeLong(timeoutMillis);
            out.flush();
            if (in.readByte() == StoreProtocol.TIMEOUT) {
                throw new ProcessGroupException("'" + in.readUTF() + "' was not set in the rendezvous store within " + timeoutMillis + " ms");
            }
            return in.readNBytes(in.readInt());
        });
    }

    @Override
    public synchronized void await(String[] keys, long timeoutMillis) {
        List<String> missing = missing(keys, timeoutMillis);
        if (!missing.isEmpty()) {
            throw new ProcessGroupException(String.join(", ", missing) + " not set in the rendezvous store within " + timeoutMillis + " ms");
        }
    }

    /** @return the keys not set within the timeout, empty when all were */
    synchronized List<String> missing(String[] keys, long timeoutMillis) {
        return request(timeoutMillis, () -> {
            out.writeByte(StoreProtocol.AWAIT);
            out.writeInt(keys.length);
            for (String key : keys) {
                out.writeUTF(key);
            }
            out.writeLong(timeoutMillis);
            out.flush();
            return in.readByte() == StoreProtocol.OK ? List.of() : List.of(in.readUTF().split(" "));
        });
    }

    /**
     * @param waitMillis how long to wait for a departure to be noticed
     * @return the ranks whose connection closed without a goodbye, in order
     */
    synchronized List<Integer> departedRanks(long waitMillis) {
        return request(waitMillis, () -> {
            out.writeByte(StoreProtocol.DEPARTED);
            out.writeLong(waitMillis);
            out.flush();
            List<Integer> ranks = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                ranks.add(in.readInt());
            }
            return ranks;
        });
    }

    /** Says goodbye, so that rank 0 does not count this rank as dead, and closes. */
    @Override
    public synchronized void close() {
        try {
            out.writeByte(StoreProtocol.BYE);
            out.flush();
        } catch (IOException e) {
            // rank 0 is gone already: nothing to say goodbye to
        }
        closeQuietly(socket);
    }

    private interface Exchange<T> {
        T run() throws IOException;
    }

    private <T> T request(long timeoutMillis, Exchange<T> exchange) {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis + ANSWER_SLACK_MILLIS));
            return exchange.run();
        } catch (IOException e) {
            throw new ProcessGroupException("lost the rendezvous store of rank 0 at " + address + ": rank 0 has stopped ("
                    + e.getMessage() + ")", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessGroupException("interrupted while waiting for rank 0");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing held any more
        }
    }
}
