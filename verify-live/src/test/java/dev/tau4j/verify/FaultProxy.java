package dev.tau4j.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback TCP proxy between a store and PostgreSQL that can misbehave on purpose, for the live fault
 * checks. It listens on 127.0.0.1 only and forwards bytes both ways unchanged, except:
 * <ul>
 *   <li>{@link #silence()}: nothing is forwarded in either direction and every connection (old and new)
 *       stays open, as on a network that went silent; {@link #resume()} forwards again (what was held is
 *       delivered late, as TCP would after the network heals).</li>
 *   <li>{@link #silenceAfter(String)}: the same, from the first request that carries the marker on: that
 *       request still reaches the server, its reply does not, so the call is in flight when the network
 *       goes silent.</li>
 *   <li>{@link #dropReplyTo(String)}: the first request that carries the marker (e.g. an idempotency
 *       key) reaches the server, the server's reply is read up to its {@code ReadyForQuery} message (the
 *       server has ended the transaction: committed, for an auto-committed write) and swallowed, and then
 *       both sides of that connection are closed: the write landed, its reply was lost.</li>
 *   <li>{@link #dropReplyToCommit(String)}: the same for a write of several statements in an explicit
 *       transaction: on the connection whose request first carries the marker, the reply to the next
 *       {@code COMMIT} is swallowed. pgjdbc prepares {@code COMMIT} as a named statement on a connection's
 *       first commit and later only binds it by name, so the proxy learns that name per connection from
 *       the Parse message ({@code 'P'}, length, name, NUL, {@code COMMIT}, NUL).</li>
 * </ul>
 * Bounded: at most {@value #MAX_CONNECTIONS} open connections (two threads each; more are refused), and the proxy closes itself
 * after its lifetime whatever happens, so a forgotten proxy cannot keep a test alive.
 */
final class FaultProxy implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;
    private static final int BUFFER = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    /** The end of a Parse message's statement name, then the query {@code COMMIT} and its NUL. */
    private static final byte[] PARSED_COMMIT = "\0COMMIT\0".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final List<Socket> sockets = new ArrayList<>();
    private final Object gate = new Object();
    private final AtomicReference<Drop> drop = new AtomicReference<>();
    private final AtomicReference<byte[]> silenceMarker = new AtomicReference<>();
    private volatile long silencedAtNanos;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final long deadlineNanos;
    private boolean silent;
    private volatile boolean closed;

    /** A proxy to {@code host:port} that closes itself after {@code lifetime}. */
    FaultProxy(String host, int port, Duration lifetime) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.deadlineNanos = System.nanoTime() + lifetime.toNanos();
        this.threads = new ThreadPoolExecutor(0, 2 * MAX_CONNECTIONS + 2, 1, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "fault-proxy");
                    t.setDaemon(true);
                    return t;
                });
        threads.execute(this::acceptLoop);
        threads.execute(this::watchdog);
    }

    /** The port the proxy listens on, on the loopback address. */
    int port() {
        return listener.getLocalPort();
    }

    /** How many client connections the proxy accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Stops forwarding in both directions; connections stay open, new ones are accepted and held. */
    void silence() {
        synchronized (gate) {
            if (!silent) {
                silencedAtNanos = System.nanoTime();
            }
            silent = true;
        }
    }

    /** Goes silent at the first request containing {@code marker} (UTF-8); that request is still forwarded. */
    void silenceAfter(String marker) {
        silenceMarker.set(marker.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the proxy is silent now. */
    boolean silent() {
        synchronized (gate) {
            return silent;
        }
    }

    /** {@link System#nanoTime()} when the proxy last went silent. */
    long silencedAtNanos() {
        return silencedAtNanos;
    }

    /** Forwards again, delivering what was held. */
    void resume() {
        synchronized (gate) {
            silent = false;
            gate.notifyAll();
        }
    }

    /**
     * Arms a one-shot lost reply: the first client request containing {@code marker} (UTF-8) is forwarded,
     * the server's answer up to and including {@code ReadyForQuery} is swallowed, and the connection is
     * closed on both sides. {@link Drop#await} tells whether that happened.
     */
    Drop dropReplyTo(String marker) {
        return arm(new Drop(marker.getBytes(StandardCharsets.UTF_8), false));
    }

    /**
     * Arms a one-shot lost COMMIT reply: the connection whose request first contains {@code marker}
     * (UTF-8) is picked, and the reply to its next {@code COMMIT} (by text, or a Bind of the statement
     * that connection prepared as {@code COMMIT}) is swallowed up to {@code ReadyForQuery}; then the
     * connection is closed on both sides.
     */
    Drop dropReplyToCommit(String marker) {
        return arm(new Drop(marker.getBytes(StandardCharsets.UTF_8), true));
    }

    private Drop arm(Drop armed) {
        if (!drop.compareAndSet(null, armed)) {
            throw new IllegalStateException("a lost reply is already armed");
        }
        return armed;
    }

    /** Closes the listener and every connection; idempotent. */
    @Override
    public void close() {
        closed = true;
        resume();
        closeQuietly(listener);
        synchronized (sockets) {
            sockets.forEach(FaultProxy::closeQuietly);
            sockets.clear();
        }
        threads.shutdownNow();
    }

    /** One armed lost reply. */
    static final class Drop {
        private final byte[] marker;
        private final boolean atCommit;
        private final CountDownLatch seen = new CountDownLatch(1);
        private final CountDownLatch done = new CountDownLatch(1);

        private Drop(byte[] marker, boolean atCommit) {
            this.marker = marker;
            this.atCommit = atCommit;
        }

        /** Whether the reply to the marked request was swallowed and its connection closed within {@code wait}. */
        boolean await(Duration wait) throws InterruptedException {
            return done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Whether the marked request was seen (and forwarded to the server). */
        boolean requestSeen() {
            return seen.getCount() == 0;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                open.decrementAndGet();
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, (int) CONNECT_TIMEOUT.toMillis());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                open.decrementAndGet();
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(server);
            }
            Connection connection = new Connection(client, server);
            try {
                threads.execute(connection::clientToServer);
                threads.execute(connection::serverToClient);
            } catch (RejectedExecutionException e) {
                connection.close();
            }
        }
    }

    private void watchdog() {
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            return; // closed first
        }
        close();
    }

    /** Blocks while the proxy is silent (never beyond its lifetime); false once closed. */
    private boolean awaitForwarding() {
        synchronized (gate) {
            while (silent && !closed) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (leftMs <= 0) {
                    return false;
                }
                try {
                    gate.wait(Math.min(leftMs, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !closed;
    }

    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile Drop dropping;
        /** A COMMIT drop whose marker this connection carried: its next COMMIT is awaited. */
        private Drop picked;
        /** NUL, the name of the statement this connection prepared as COMMIT, NUL; null while unnamed or unknown. */
        private byte[] commitBind;
        private final java.util.concurrent.atomic.AtomicBoolean closedOnce = new java.util.concurrent.atomic.AtomicBoolean();

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void clientToServer() {
            byte[] buffer = new byte[BUFFER];
            byte[] tail = new byte[0];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!awaitForwarding()) {
                        break;
                    }
                    Drop armed = drop.get();
                    byte[] quiet = silenceMarker.get();
                    byte[] window = concat(tail, buffer, n);
                    learnCommit(window);
                    if (picked != null && isCommit(java.util.Arrays.copyOf(buffer, n))) {
                        dropping = picked;
                        picked = null;
                    } else if (armed != null && dropping == null && picked == null
                            && indexOf(window, armed.marker) >= 0 && drop.compareAndSet(armed, null)) {
                        armed.seen.countDown();
                        if (armed.atCommit) {
                            picked = armed;
                        } else {
                            dropping = armed;
                        }
                    }
                    boolean goSilent = quiet != null && indexOf(window, quiet) >= 0
                            && silenceMarker.compareAndSet(quiet, null);
                    tail = java.util.Arrays.copyOfRange(window, Math.max(0, window.length - 256), window.length);
                    if (goSilent) {
                        silence(); // before the marked request goes out: its reply must not get through
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed: close both
            } finally {
                close();
            }
        }

        /**
         * Remembers the name of a statement prepared as {@code COMMIT} in these bytes, if any: a Parse
         * message is {@code 'P'}, a 4-byte length (high byte 0 for anything this small), the statement
         * name, NUL, the query, NUL.
         */
        private void learnCommit(byte[] window) {
            int at = indexOf(window, PARSED_COMMIT); // at: the NUL ending the statement name
            if (at < 0) {
                return;
            }
            for (int p = at - 5; p >= Math.max(0, at - 5 - 64); p--) {
                if (window[p] == 'P' && window[p + 1] == 0 && printable(window, p + 5, at)) {
                    int nameLength = at - p - 5;
                    if (nameLength == 0) {
                        commitBind = null; // unnamed: COMMIT is sent as text every time
                    } else {
                        byte[] bind = new byte[nameLength + 2];
                        System.arraycopy(window, p + 5, bind, 1, nameLength);
                        commitBind = bind;
                    }
                    return;
                }
            }
        }

        private static boolean printable(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                if (bytes[i] < '!' || bytes[i] > '~') {
                    return false;
                }
            }
            return true;
        }

        /** Whether a request is a COMMIT: its text, or a Bind of the statement prepared as COMMIT. */
        private boolean isCommit(byte[] chunk) {
            return indexOf(chunk, COMMIT) >= 0 || (commitBind != null && indexOf(chunk, commitBind) >= 0);
        }

        void serverToClient() {
            byte[] buffer = new byte[BUFFER];
            ReplyScanner scanner = null;
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!awaitForwarding()) {
                        break;
                    }
                    Drop dropped = dropping;
                    if (dropped != null) {
                        scanner = scanner == null ? new ReplyScanner() : scanner;
                        if (scanner.readyForQuery(buffer, n)) {
                            close(); // the transaction ended on the server; the client never hears of it
                            dropped.done.countDown();
                            return;
                        }
                        continue; // swallowed
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed: close both
            } finally {
                close();
            }
        }

        void close() {
            if (closedOnce.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
            closeQuietly(client);
            closeQuietly(server);
            synchronized (sockets) {
                sockets.remove(client);
                sockets.remove(server);
            }
        }
    }

    /**
     * Walks PostgreSQL backend messages (a type byte and a big-endian length that counts itself) across
     * chunks, from a message boundary, and says when a {@code ReadyForQuery} ('Z') has been read whole.
     */
    static final class ReplyScanner {
        private final byte[] header = new byte[5];
        private int headerFill;
        private long skip;
        private boolean sawReady;

        boolean readyForQuery(byte[] chunk, int length) {
            int i = 0;
            while (i < length) {
                if (skip > 0) {
                    int step = (int) Math.min(skip, length - i);
                    skip -= step;
                    i += step;
                    if (skip == 0 && sawReady) {
                        return true;
                    }
                    continue;
                }
                header[headerFill++] = chunk[i++];
                if (headerFill == 5) {
                    headerFill = 0;
                    long size = ((header[1] & 0xFFL) << 24) | ((header[2] & 0xFFL) << 16) | ((header[3] & 0xFFL) << 8)
                            | (header[4] & 0xFFL);
                    skip = size - 4;
                    sawReady = header[0] == 'Z';
                    if (skip <= 0 && sawReady) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static byte[] concat(byte[] head, byte[] buffer, int n) {
        byte[] all = new byte[head.length + n];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(buffer, 0, all, head.length, n);
        return all;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
