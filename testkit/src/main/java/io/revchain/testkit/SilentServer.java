package io.revchain.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A "remote" on a free local port that accepts every connection and never says a word (a hung git server). */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public SilentServer() throws IOException {
        socket = new ServerSocket(0);
        Thread acceptor = new Thread(
                () -> {
                    try {
                        while (true) {
                            held.add(socket.accept());
                        }
                    } catch (IOException e) {
                        // the server socket was closed: the test is over
                    }
                },
                "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
