package io.hgq4j.server.binary;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A plain blocking socket to the binary port, for frames a correct client would never send. Reads time out. */
final class RawConnection implements AutoCloseable {

    /** One response frame, parsed as far as the header and (for errors) the message. */
    record Response(int version, int type, int status, long id, String message, ByteBuffer body) {
    }

    private final Socket socket;
    private final DataInputStream in;

    RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Half-closes: the server sees the end of the stream. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next response, or {@code null} at the end of the stream (the server closed). Checks the framing. */
    Response read() throws IOException {
        byte[] prefix = new byte[4];
        try {
            in.readFully(prefix);
        } catch (EOFException e) {
            return null;
        } catch (SocketException e) {
            return null; // reset by the server closing with unread input
        }
        int length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length < BinaryProtocol.RESPONSE_HEADER_BYTES || length > (64 << 20)) {
            throw new IOException("response length " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get() & 0xFF;
        int type = b.get() & 0xFF;
        int status = b.get() & 0xFF;
        long id = b.getLong();
        String message = null;
        if (status != 0) {
            int m = b.getShort() & 0xFFFF;
            message = new String(payload, b.position(), m, StandardCharsets.UTF_8);
            b.position(b.position() + m);
            if (b.hasRemaining()) {
                throw new IOException(b.remaining() + " bytes after an error message");
            }
        }
        return new Response(version, type, status, id, message, b.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
