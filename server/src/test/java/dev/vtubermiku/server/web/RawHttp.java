package dev.vtubermiku.server.web;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP as bytes on a socket, for requests java.net.http refuses to make (a forged Host, a hand-made upgrade). */
final class RawHttp {

    private RawHttp() {}

    /** Sends {@code request} and returns everything the server sends back until it closes or goes quiet. */
    static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    response.write(buffer, 0, n);
                    if (response.toString(StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // the server keeps the connection open; what arrived is the answer
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
