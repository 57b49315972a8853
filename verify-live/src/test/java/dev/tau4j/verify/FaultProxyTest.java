package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The fault proxy of the live fault checks")
@Timeout(30)
class FaultProxyTest {

    /** A backend message: type, big-endian length counting itself, body. */
    private static byte[] message(char type, int bodyLength) {
        byte[] m = new byte[5 + bodyLength];
        m[0] = (byte) type;
        int length = 4 + bodyLength;
        m[1] = (byte) (length >>> 24);
        m[2] = (byte) (length >>> 16);
        m[3] = (byte) (length >>> 8);
        m[4] = (byte) length;
        return m;
    }

    @Test
    @DisplayName("finds ReadyForQuery only once it is read whole, across chunks, after other messages")
    void scanner() {
        byte[] complete = message('C', 13);
        byte[] ready = message('Z', 1);
        byte[] stream = new byte[complete.length + ready.length];
        System.arraycopy(complete, 0, stream, 0, complete.length);
        System.arraycopy(ready, 0, stream, complete.length, ready.length);
        for (int split = 1; split < stream.length; split++) {
            FaultProxy.ReplyScanner scanner = new FaultProxy.ReplyScanner();
            byte[] first = java.util.Arrays.copyOfRange(stream, 0, split);
            byte[] second = java.util.Arrays.copyOfRange(stream, split, stream.length);
            assertThat(scanner.readyForQuery(first, first.length)).as("split at " + split).isFalse();
            assertThat(scanner.readyForQuery(second, second.length)).as("split at " + split).isTrue();
        }
        FaultProxy.ReplyScanner noReady = new FaultProxy.ReplyScanner();
        assertThat(noReady.readyForQuery(complete, complete.length)).isFalse();
    }

    @Test
    @DisplayName("forwards both ways, holds everything while silent and delivers it on resume")
    void silence() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            serve(echo, chunk -> chunk);
            try (FaultProxy proxy = new FaultProxy("127.0.0.1", echo.getLocalPort(), Duration.ofSeconds(20));
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                client.setSoTimeout(500);
                client.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(client.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("ping");
                proxy.silence();
                client.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.getInputStream().read()))
                        .isInstanceOf(java.net.SocketTimeoutException.class);
                proxy.resume();
                client.setSoTimeout(5000);
                assertThat(new String(client.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("held");
            }
        }
    }

    @Test
    @DisplayName("a COMMIT drop lets the marked connection's earlier replies through and swallows the reply to its"
            + " next COMMIT, also when COMMIT was prepared by name in an earlier transaction and is only bound")
    void dropReplyToCommit() throws Exception {
        byte[] parseCommit = bytes('P', "\0\0\0\u0012S_1\0COMMIT\0\0\0");
        byte[] bindCommit = bytes('B', "\0\0\0\u000e\0S_1\0\0\0\0\0\0");
        for (boolean named : List.of(false, true)) {
            try (ServerSocket pg = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                serve(pg, chunk -> message('Z', 1)); // every request answered with ReadyForQuery
                try (FaultProxy proxy = new FaultProxy("127.0.0.1", pg.getLocalPort(), Duration.ofSeconds(20));
                     Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                    client.setSoTimeout(5000);
                    List<byte[]> before = new java.util.ArrayList<>();
                    before.add("SELECT where key = other".getBytes(StandardCharsets.UTF_8));
                    before.add(parseCommit); // an earlier transaction's COMMIT, prepared as S_1
                    FaultProxy.Drop drop = proxy.dropReplyToCommit("key-42");
                    before.add("SELECT where key = key-42".getBytes(StandardCharsets.UTF_8));
                    before.add("INSERT key-42".getBytes(StandardCharsets.UTF_8));
                    before.add("UPDATE".getBytes(StandardCharsets.UTF_8));
                    for (byte[] request : before) {
                        client.getOutputStream().write(request);
                        assertThat(client.getInputStream().readNBytes(6)).as("answered").hasSize(6);
                    }
                    assertThat(drop.requestSeen()).isTrue();
                    client.getOutputStream().write(named ? bindCommit : "COMMIT".getBytes(StandardCharsets.UTF_8));
                    assertThat(drop.await(Duration.ofSeconds(5))).as("the reply to COMMIT was dropped, named "
                            + named).isTrue();
                    Throwable read = org.assertj.core.api.Assertions.catchThrowable(() ->
                            assertThat(client.getInputStream().read()).isEqualTo(-1));
                    assertThat(read == null || read instanceof java.io.IOException).as("closed, never answered")
                            .isTrue();
                }
            }
        }
    }

    /** Serves one connection on a daemon thread: every chunk read is answered with {@code reply} of it. */
    private static void serve(ServerSocket socket, java.util.function.UnaryOperator<byte[]> reply) {
        Thread server = new Thread(() -> {
            try (Socket s = socket.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buffer = new byte[256];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(reply.apply(java.util.Arrays.copyOf(buffer, n)));
                    out.flush();
                }
            } catch (java.io.IOException ignored) {
                // closed
            }
        });
        server.setDaemon(true);
        server.start();
    }

    private static byte[] bytes(char type, String rest) {
        byte[] tail = rest.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[tail.length + 1];
        all[0] = (byte) type;
        System.arraycopy(tail, 0, all, 1, tail.length);
        return all;
    }
}
