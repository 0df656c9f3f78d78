package dev.dinojvm.engine.parallel;

/**
 * The rendezvous store the processes of a job share: what Gloo's {@code gloo::rendezvous::Store} asks of
 * a store (the native binding calls these methods by name while the processes connect).
 */
interface KeyValueStore {

    /**
     * @param key the key
     * @param value the value, replacing any earlier one
     */
    void set(String key, byte[] value);

    /**
     * @param key the key
     * @param timeoutMillis how long to wait for the key to be set
     * @return its value
     * @throws ProcessGroupException when it is not set in time
     */
    byte[] get(String key, long timeoutMillis);

    /**
     * @param keys the keys
     * @param timeoutMillis how long to wait for all of them to be set
     * @throws ProcessGroupException when they are not all set in time
     */
    void await(String[] keys, long timeoutMillis);
}
