package io.cfgvault.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The transport of a session reached through a jump host: a {@code direct-tcpip} channel of the session before it
 * (what {@code ssh -J} does), so no local port is opened and every hop's traffic stays inside the previous hop's
 * encrypted session.
 */
final class HopChannel implements Proxy {
    /** The jump host could not open the TCP connection onward (refused, unreachable or forbidden from there). */
    static final class OpenFailed extends Exception {
        OpenFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final Session via;
    private final String viaName;
    private final String targetName;
    private final String onTheWay;
    private Channel channel;
    private InputStream in;
    private OutputStream out;

    /**
     * @param viaName    the jump host that opens the connection, for messages
     * @param targetName what it connects to (the next jump host or the device), for messages
     * @param onTheWay   ", on the way to r1" when the target is itself a jump host, else empty
     */
    HopChannel(Session via, String viaName, String targetName, String onTheWay) {
        this.via = via;
        this.viaName = viaName;
        this.targetName = targetName;
        this.onTheWay = onTheWay;
    }

    @Override
    public void connect(SocketFactory factory, String host, int port, int timeout) throws Exception {
        try {
            channel = via.getStreamForwarder(host, port);
            in = channel.getInputStream();
            out = channel.getOutputStream();
            channel.connect(timeout);
        } catch (JSchException e) {
            throw new OpenFailed(viaName + " could not open a connection to " + targetName + " (" + host + ":" + port
                    + ")" + onTheWay + ": refused, unreachable or not allowed from there");
        }
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.disconnect();
        }
    }
}
