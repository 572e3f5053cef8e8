package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * forwardPorts in the default (prepared) mode: rtnl4j's own nftables table, made over netlink,
 * carries a connection from the host to a listener in a real busybox container, and is gone after
 * the stop; {@code nft} is the witness.
 */
class PortForwardContainerTest extends RuntimeTestBase {
  /** The container's payload: busybox nc answering every connection on port 80 with a line. */
  private static final List<String> LISTENER = List.of("/bin/sh", "-c",
      "trap 'kill $! 2>/dev/null; exit 0' 38 15 2; nc -ll -p 80 -e /bin/echo pf-hello & wait $!");

  private static String nft(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("nft"));
    argv.addAll(List.of(args));
    return IpCommandBackend.run(argv);
  }

  @Test
  void aForwardedHostPortReachesTheListenerInThePreparedContainer() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("pfweb").privateNetwork(true)
        .hostAddress("10.231.20.1").localAddress("10.231.20.2")
        .hostAddress6("fc00:20::1").localAddress6("fc00:20::2")
        .forwardPort("tcp", 8080, 80).command(LISTENER).build();
    // the JDK keeps one fd for good after its first socket (NIO's pre-close fd): not the container's
    try (Socket warmUp = new Socket()) {
      warmUp.connect(new InetSocketAddress("127.0.0.1", 1), 500);
    } catch (IOException expected) {
      // refused: nothing listens on port 1
    }
    before = MachineSnapshot.take(stateDir, runtime);
    RunningContainer c = runtime.start(spec);
    try {
      assertEquals("rtnl4j-pfweb", c.state().portForwardTable());
      assertTrue(Files.readString(stateDir.resolve("containers/pfweb.json")).contains("\"portForwardTable\":\"rtnl4j-pfweb\""));
      String table = nft("list", "table", "inet", "rtnl4j-pfweb");
      assertTrue(table.contains("type nat hook prerouting priority dstnat + 1"), table);
      assertTrue(table.contains("type nat hook output priority -99"), table);
      assertTrue(table.contains("ip daddr != 127.0.0.0/8 fib daddr type local tcp dport 8080 dnat ip to 10.231.20.2:80"), table);
      assertTrue(table.contains("ip6 daddr != ::1 fib daddr type local tcp dport 8080 dnat ip6 to [fc00:20::2]:80"), table);
      // from the host, to the host side's address: the output chain sends it into the container
      assertEquals("pf-hello", request("10.231.20.1", 8080));
      System.out.println("port-forwarded start: " + c.times());
    } finally {
      assertEquals(List.of(), runtime.stop(c).problems());
    }
    assertFalse(nft("list", "ruleset").contains("rtnl4j"), "no rtnl4j table after the stop");
    assertNothingLeftBehind();
  }

  @Test
  void aStopByNameFromTheStateFileRemovesTheTable() throws Exception {
    ContainerSpec spec = ContainerSpec.builder("pfdown").privateNetwork(true)
        .hostAddress("10.231.21.1").localAddress("10.231.21.2").forwardPort("udp", 5353, 53).build();
    RunningContainer c = runtime.start(spec);
    assertTrue(nft("list", "tables").contains("table inet rtnl4j-pfdown"));
    try (ContainerRuntime other = runtime(StartMode.PREPARED)) {
      assertEquals(List.of(), other.stop("pfdown").problems());
    }
    assertFalse(nft("list", "tables").contains("rtnl4j-pfdown"));
    runtime.stop(c);
    assertNothingLeftBehind();
  }

  @Test
  void aStaleTableOfAnEarlierRunIsReplacedByTheTableOfAStartThatForwardsPorts() throws Exception {
    staleTable("rtnl4j-pfrepl");
    before = MachineSnapshot.take(stateDir, runtime);
    ContainerSpec spec = ContainerSpec.builder("pfrepl").privateNetwork(true)
        .hostAddress("10.231.23.1").localAddress("10.231.23.2").forwardPort("tcp", 8081, 80).build();
    RunningContainer c = runtime.start(spec);
    try {
      String table = nft("list", "table", "inet", "rtnl4j-pfrepl");
      assertFalse(table.contains("9999"), table);
      assertTrue(table.contains("tcp dport 8081 dnat ip to 10.231.23.2:80"), table);
    } finally {
      runtime.stop(c);
    }
    assertFalse(nft("list", "tables").contains("rtnl4j"));
  }

  @Test
  void aStaleTableOfAnEarlierRunIsGoneOnceTheStartReturns() throws Exception {
    // what a JVM killed between making the table and writing the state file leaves
    staleTable("rtnl4j-pfstale");
    before = MachineSnapshot.take(stateDir, runtime);
    ContainerSpec spec = ContainerSpec.builder("pfstale").privateNetwork(true)
        .hostAddress("10.231.22.1").localAddress("10.231.22.2").build();
    RunningContainer c = runtime.start(spec);
    try {
      assertFalse(nft("list", "tables").contains("rtnl4j-pfstale"), "the stale table is gone");
      assertEquals(null, c.state().portForwardTable());
    } finally {
      runtime.stop(c);
    }
    String tables = nft("list", "tables");
    assertFalse(tables.contains("rtnl4j"), tables);
  }

  /** Makes {@code table} as a killed JVM's or an earlier run's: a nat chain forwarding port 9999 elsewhere. */
  private static void staleTable(String table) throws Exception {
    nft("add", "table", "inet", table);
    nft("add", "chain", "inet", table, "output", "{ type nat hook output priority -99; }");
    nft("add", "rule", "inet", table, "output", "tcp", "dport", "9999", "dnat", "ip", "to", "10.9.9.9:9");
  }

  /** Connects to HOST:PORT and reads the answer, retrying while the container's listener starts. */
  private static String request(String host, int port) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 2000);
        s.setSoTimeout(3000);
        InputStream in = s.getInputStream();
        String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!answer.isEmpty()) {
          return answer;
        }
      } catch (IOException e) {
        last = e; // refused by the container until nc listens
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no answer from " + host + ":" + port, last);
  }
}
