package dev.dinojvm.engine.parallel;

/** The requests and answers between {@link StoreClient} and {@link StoreServer}, one byte each. */
final class StoreProtocol {

    /** First request of a connection: the client's rank. */
    static final byte HELLO = 'H';
    /** Sets a key: key, value. */
    static final byte SET = 'S';
    /** Gets a key, waiting for it: key, timeout. */
    static final byte GET = 'G';
    /** Waits for keys: count, keys, timeout. */
    static final byte AWAIT = 'W';
    /** Asks which ranks left without saying goodbye, waiting up to a time for one to. */
    static final byte DEPARTED = 'D';
    /** Last request of a rank that stops normally. */
    static final byte BYE = 'B';

    /** Done. */
    static final byte OK = 'K';
    /** A value follows. */
    static final byte VALUE = 'V';
    /** Not there in time; the missing keys follow. */
    static final byte TIMEOUT = 'T';

    private StoreProtocol() {}
}
