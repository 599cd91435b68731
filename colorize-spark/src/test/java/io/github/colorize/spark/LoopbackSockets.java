package io.github.colorize.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The IP sockets this JVM holds, read from Linux's /proc (its file descriptors and net tables). */
final class LoopbackSockets {

  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

  private LoopbackSockets() {}

  /** One socket: protocol, local and remote address and port, whether it listens. */
  record Socket(String protocol, InetAddress local, int localPort, InetAddress remote,
      int remotePort, boolean listening) {

    /** Binds loopback (or is not bound yet) and talks to loopback (or to no one yet). */
    boolean loopbackOnly() {
      boolean localOk = local.isLoopbackAddress() || (local.isAnyLocalAddress() && localPort == 0
          && !listening);
      boolean remoteOk = remote.isLoopbackAddress() || remote.isAnyLocalAddress();
      return localOk && remoteOk;
    }

    @Override
    public String toString() {
      return protocol + " " + local.getHostAddress() + ":" + localPort + " -> "
          + remote.getHostAddress() + ":" + remotePort + (listening ? " (listening)" : "");
    }
  }

  /** Whether /proc describes this JVM's sockets (Linux). */
  static boolean available() {
    return Files.isDirectory(Path.of("/proc/self/fd")) && Files.exists(Path.of("/proc/net/tcp"));
  }

  /** The TCP and UDP sockets (IPv4 and IPv6) of this process. */
  static List<Socket> ofThisProcess() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    List<Socket> sockets = new ArrayList<>();
    for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
      Path table = Path.of("/proc/net", protocol);
      if (!Files.exists(table)) {
        continue;
      }
      for (String line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
        String[] f = line.trim().split("\\s+");
        if (!inodes.contains(f[9])) {
          continue;
        }
        String[] local = f[1].split(":");
        String[] remote = f[2].split(":");
        sockets.add(new Socket(protocol, address(local[0]), Integer.parseInt(local[1], 16),
            address(remote[0]), Integer.parseInt(remote[1], 16),
            protocol.startsWith("tcp") && f[3].equals("0A")));
      }
    }
    return sockets;
  }

  /** /proc's hex address: 32-bit words, each in host (little-endian) byte order. */
  private static InetAddress address(String hex) throws IOException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + 3 - i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
