package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.local.serve.ApiBridge;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Slow (scripts/test --long): a request whose body never finishes is cut off by the server's request timeout
 * (30 s by default) instead of holding its connection forever.
 */
@Tag("long")
class ServeTimeoutTest {

    @Test
    void aHalfSentBodyIsCutOffByTheServer() throws Exception {
        try (Services services = SharedAws.isolated("servetimeout");
             ApiBridge bridge = ApiBridge.start(new ApiHandler(services), 0, "local:tester", null);
             Socket s = new Socket("127.0.0.1", bridge.port())) {
            s.getOutputStream().write(("PUT /configuration HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                    + "Content-Length: 1000\r\n\r\ntable: configuration\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(180_000); // guards the build only; the server closes after its request timeout
            int read;
            try {
                read = s.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            } catch (IOException e) {
                throw new AssertionError("the server kept the half-sent request open", e);
            }
            assertEquals(-1, read, "the server closed the connection without answering a request it never got");
        }
    }
}
