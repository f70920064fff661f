package io.revchain.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.revchain.app.SlimMain;
import io.revchain.testkit.TestTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The resident server's protocol, in this JVM: what it answers, to whom, and when it stops. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResidentServerTest {

    @TempDir
    Path tmp;

    private Path state;
    private ResidentServer server;
    private Thread serving;

    /** A command's answer: its standard output and error as the client would print them, and its exit code. */
    record Answer(String out, String err, Integer code, boolean refused) {}

    @BeforeEach
    void start() throws IOException {
        state = tmp.resolve("dir.server");
        server = ResidentServer.start(state, Duration.ofMinutes(5));
        serving = new Thread(server::serve, "resident-test");
        serving.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        serving.join(10_000);
    }

    @Test
    void writesItsPortTokenAndPidReadableByItsUserOnly() throws IOException {
        String[] fields = Files.readString(state).strip().split(" ");
        assertThat(fields).hasSize(3);
        assertThat(Integer.parseInt(fields[0])).isEqualTo(server.port());
        assertThat(fields[1]).matches("[0-9a-f]{32}");
        assertThat(Long.parseLong(fields[2])).isEqualTo(ProcessHandle.current().pid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                .isEqualTo("rw-------");
    }

    @Test
    void answersEachCommandLineAsTheCommandLineWould() throws IOException {
        // Given a healthy chain, a broken one and a path that does not exist
        Path healthy = chain("healthy", "revision = 'a1'\ndown_revision = None\n");
        Path broken = chain("broken", "revision = 'b1'\ndown_revision = 'nowhere'\n");
        for (String[] line : List.of(
                new String[] {"check", healthy.toString()},
                new String[] {"check", broken.toString(), "--format", "json"},
                new String[] {"check", tmp.resolve("missing").toString()},
                new String[] {"check", "--policy", "nope", healthy.toString()},
                new String[] {"heads", healthy.toString()},
                new String[] {"--version"})) {
            // When the server is asked
            Answer served = ask(token(), line);
            // Then it says what the command says run here, on the same streams, with the same exit code
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = SlimMain.execute(new PrintWriter(out), new PrintWriter(err), line);
            assertThat(served.refused()).isFalse();
            assertThat(served.out()).as(String.join(" ", line)).isEqualTo(out.toString());
            assertThat(served.err()).as(String.join(" ", line)).isEqualTo(err.toString());
            assertThat(served.code()).as(String.join(" ", line)).isEqualTo(code);
        }
    }

    @Test
    void refusesWhatThisJvmDoesNotRun() throws IOException {
        assertThat(ask(token(), "demo").refused()).isTrue();
        assertThat(ask(token(), "check", ".", "--against", "main").refused()).isTrue();
        assertThat(ask(token(), "warmup").refused()).isTrue();
        assertThat(ask(token(), "resident", "--state", "x").refused()).isTrue();
    }

    @Test
    void aWrongTokenOrAMalformedRequestGetsNothingAndTheServerGoesOn() throws IOException {
        assertThat(raw("0123456789abcdef0123456789abcdef\u00001\u0000checks\u0000"))
                .isEmpty();
        assertThat(raw(token() + "\u0000two\u0000checks\u0000")).isEmpty();
        assertThat(raw(token() + "\u00002\u0000checks\u0000")).isEmpty(); // cut short
        // and the next good request is answered
        assertThat(ask(token(), "checks").code()).isZero();
    }

    @Test
    void aLastLineWithoutNewlineKeepsHavingNone() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResidentServer.Framed framed = new ResidentServer.Framed(bytes, 'o');
        framed.write("one\ntwo");
        framed.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("oone\nOtwo\n");
    }

    @Test
    void stopsWhenItsStateFileNamesAnotherServer() throws Exception {
        Files.writeString(state, "1 ffff 1\n");
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(Files.readString(state)).isEqualTo("1 ffff 1\n");
    }

    @Test
    void stopsWhenIdleAndRemovesItsStateFile() throws Exception {
        Path other = tmp.resolve("idle.server");
        try (ResidentServer idle = ResidentServer.start(other, Duration.ofSeconds(1))) {
            Thread t = new Thread(idle::serve);
            t.start();
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(other).doesNotExist();
    }

    private Path chain(String name, String script) throws IOException {
        return TestTrees.oneFileChain(tmp.resolve(name), script);
    }

    private String token() throws IOException {
        return Files.readString(state).strip().split(" ")[1];
    }

    private Answer ask(String token, String... args) throws IOException {
        StringBuilder request =
                new StringBuilder(token).append('\0').append(args.length).append('\0');
        for (String a : args) {
            request.append(a).append('\0');
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Integer code = null;
        boolean refused = false;
        for (String line : lines(raw(request.toString()))) {
            switch (line.charAt(0)) {
                case 'o' -> out.append(line.substring(1)).append('\n');
                case 'e' -> err.append(line.substring(1)).append('\n');
                case 'O' -> out.append(line.substring(1));
                case 'E' -> err.append(line.substring(1));
                case 'x' -> code = Integer.parseInt(line.substring(1));
                case 'r' -> refused = true;
                default -> throw new AssertionError("unexpected line " + line);
            }
        }
        return new Answer(out.toString(), err.toString(), code, refused);
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.UTF_8));
            o.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }
}
