package dev.rtnl4j.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.codec.Nft;
import dev.rtnl4j.proto.BatchResult;
import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.Literal;
import dev.rtnl4j.sys.NetnsRunner;
import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Port-forward tables against the real kernel (in the sandbox netns), read back with {@code nft -j}. */
class PortForwardsTest {
  private static final String TABLE = "rtnl4j-x";
  private static final InetAddress V4 = Literal.ip("10.231.0.2");
  private static final InetAddress V6 = Literal.ip("fc00::2");
  private PortForwards forwards;

  @BeforeEach
  void open() {
    Require.sandbox();
    NftTool.nft();
    forwards = PortForwards.open();
  }

  @AfterEach
  void close() {
    if (forwards != null) {
      forwards.removeIfPresent(TABLE);
      forwards.close();
    }
  }

  private static Forward tcp(int host, int container) {
    return new Forward(Protocol.TCP, host, container);
  }

  private static String v4Pre(String proto, int host, String to) {
    return "prerouting: meta nfproto == ipv4; fib daddr type == local; " + proto + " dport == " + host + "; dnat ip to " + to;
  }

  private static String v4Out(String proto, int host, String to) {
    return "output: ip daddr != 127.0.0.0/8; fib daddr type == local; " + proto + " dport == " + host + "; dnat ip to " + to;
  }

  private static String v6Pre(String proto, int host, String to) {
    return "prerouting: meta nfproto == ipv6; fib daddr type == local; " + proto + " dport == " + host + "; dnat ip6 to " + to;
  }

  private static String v6Out(String proto, int host, String to) {
    return "output: ip6 daddr != ::1; fib daddr type == local; " + proto + " dport == " + host + "; dnat ip6 to " + to;
  }

  @Test
  void applyMakesOneInetTableWithTwoNatChainsAndOneRulePerForwardAndChain() {
    forwards.apply(TABLE, List.of(tcp(8080, 80), new Forward(Protocol.UDP, 53, 5353)), V4, null);
    assertEquals(List.of(TABLE), NftTool.inetTables());
    assertEquals(List.of("prerouting: nat hook prerouting prio -99 policy accept",
        "output: nat hook output prio -99 policy accept"), NftTool.chains(TABLE));
    assertEquals(List.of(
        v4Pre("tcp", 8080, "10.231.0.2:80"), v4Pre("udp", 53, "10.231.0.2:5353"),
        v4Out("tcp", 8080, "10.231.0.2:80"), v4Out("udp", 53, "10.231.0.2:5353")), NftTool.rules(TABLE));
  }

  @Test
  void applyOverAnExistingTableReplacesItWholeAndIsIdempotent() {
    forwards.apply(TABLE, List.of(tcp(8080, 80)), V4, null);
    String first = NftTool.run(NftTool.nft(), "list", "table", "inet", TABLE);
    forwards.apply(TABLE, List.of(tcp(8080, 80)), V4, null);
    assertEquals(first, NftTool.run(NftTool.nft(), "list", "table", "inet", TABLE), "the same table again");
    assertEquals(2, NftTool.rules(TABLE).size());

    forwards.apply(TABLE, List.of(tcp(9090, 90)), Literal.ip("10.231.0.3"), null);
    assertEquals(List.of(v4Pre("tcp", 9090, "10.231.0.3:90"), v4Out("tcp", 9090, "10.231.0.3:90")), NftTool.rules(TABLE));
    assertEquals(List.of(TABLE), NftTool.inetTables());
  }

  @Test
  void removeLeavesNoTableAndRemoveIfPresentOnAnAbsentTableSaysSo() {
    forwards.apply(TABLE, List.of(tcp(8080, 80)), V4, V6);
    forwards.remove(TABLE);
    assertEquals(List.of(), NftTool.inetTables());
    assertEquals("", NftTool.run(NftTool.nft(), "list", "ruleset").strip());
    assertFalse(forwards.removeIfPresent(TABLE));
    forwards.apply(TABLE, List.of(tcp(8080, 80)), V4, null);
    assertTrue(forwards.removeIfPresent(TABLE));
    assertEquals(List.of(), NftTool.inetTables());
  }

  @Test
  void ipv6ForwardsAloneAndBesideIpv4() {
    forwards.apply(TABLE, List.of(tcp(8080, 80)), null, V6);
    assertEquals(List.of(v6Pre("tcp", 8080, "[fc00::2]:80"), v6Out("tcp", 8080, "[fc00::2]:80")), NftTool.rules(TABLE));
    forwards.apply(TABLE, List.of(tcp(8080, 80)), V4, V6);
    assertEquals(List.of(v4Pre("tcp", 8080, "10.231.0.2:80"), v6Pre("tcp", 8080, "[fc00::2]:80"),
        v4Out("tcp", 8080, "10.231.0.2:80"), v6Out("tcp", 8080, "[fc00::2]:80")), NftTool.rules(TABLE));
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() {
    assertEquals("hostPort 0: not a port (1..65535)",
        assertThrows(IllegalArgumentException.class, () -> tcp(0, 80)).getMessage());
    assertEquals("containerPort 70000: not a port (1..65535)",
        assertThrows(IllegalArgumentException.class, () -> tcp(80, 70000)).getMessage());
    assertEquals("protocol \"sctp\": must be tcp or udp",
        assertThrows(IllegalArgumentException.class, () -> Protocol.of("sctp")).getMessage());
    assertEquals("table rtnl4j-x: the IPv4 target fc00::2 is not an IPv4 address",
        assertThrows(IllegalArgumentException.class, () -> forwards.apply(TABLE, List.of(tcp(1, 1)), V6, null)).getMessage());
    assertEquals("table rtnl4j-x: the IPv6 target 10.231.0.2 is not an IPv6 address",
        assertThrows(IllegalArgumentException.class, () -> forwards.apply(TABLE, List.of(tcp(1, 1)), null, V4)).getMessage());
    assertEquals("table rtnl4j-x: no address to forward to (IPv4 and IPv6 both null)",
        assertThrows(IllegalArgumentException.class, () -> forwards.apply(TABLE, List.of(tcp(1, 1)), null, null)).getMessage());
    assertEquals("table rtnl4j-x: no ports to forward",
        assertThrows(IllegalArgumentException.class, () -> forwards.apply(TABLE, List.of(), V4, null)).getMessage());
    assertEquals("table rtnl4j-x: host port tcp 8080 is forwarded twice",
        assertThrows(IllegalArgumentException.class,
            () -> forwards.apply(TABLE, List.of(tcp(8080, 80), tcp(8080, 81)), V4, null)).getMessage());
    String longName = "rtnl4j-" + "x".repeat(249);
    assertEquals("table name \"rtnl4j-xxxxxxxxxxxxx...\" is 256 bytes long: nf_tables allows at most 255",
        assertThrows(IllegalArgumentException.class, () -> forwards.apply(longName, List.of(tcp(1, 1)), V4, null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> forwards.remove("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> forwards.remove(""));
    assertEquals(List.of(), NftTool.inetTables(), "nothing reached the kernel");
    // the longest name nf_tables takes works
    String longest = "rtnl4j-" + "x".repeat(248);
    forwards.apply(longest, List.of(tcp(1, 1)), V4, null);
    assertEquals(List.of(longest), NftTool.inetTables());
    forwards.remove(longest);
  }

  @Test
  void removingAMissingTableNamesTheErrnoTheOperationAndTheOffendingAttribute() {
    KernelException e = assertThrows(KernelException.class, () -> forwards.remove("rtnl4j-none"));
    assertEquals("ENOENT", e.errnoName());
    assertEquals("delete table inet rtnl4j-none", e.operation());
    assertEquals("NFTA_TABLE_NAME", e.offendingAttribute());
    assertTrue(e.getMessage().startsWith("delete table inet rtnl4j-none: ENOENT"), e.getMessage());
    assertTrue(e.getMessage().endsWith("[NFT_MSG_DELTABLE]"), e.getMessage());
  }

  @Test
  void aFailingMessageAbortsTheWholeTransactionAndIsNamedWithItsAttribute() {
    forwards.apply(TABLE, List.of(tcp(8080, 80)), V4, null);
    List<String> before = NftTool.rules(TABLE);
    // a replacement whose last rule goes to a chain that does not exist
    List<Request> requests = new ArrayList<>(PortForwards.applyRequests(TABLE, List.of(tcp(9090, 90)), V4, null));
    requests.add(new NftRequest.AddRule(Nfnl.NFPROTO_INET, TABLE, "nochain",
        List.of(new Expr.Immediate(Nft.NFT_REG_1, Expr.Value.of((byte) 1, (byte) 2, (byte) 3, (byte) 4))), "test rule"));
    BatchResult r = forwards.channel().transaction(Nfnl.NFNL_SUBSYS_NFTABLES, requests);
    assertEquals(1, r.failures().size(), r.failures().toString());
    BatchResult.Failure f = r.failures().get(0);
    assertEquals(requests.size() - 1, f.index());
    assertEquals("ENOENT", f.error().errnoName());
    assertEquals("add test rule to chain nochain in table inet rtnl4j-x", f.error().operation());
    assertEquals("NFTA_RULE_CHAIN", f.error().offendingAttribute());
    assertEquals(before, NftTool.rules(TABLE), "the old table stays as it was");
  }

  @Test
  void aBadExpressionIsNamedInsideTheRule() {
    // a nat expression of an unknown family (99): the kernel points at the expression in the rule
    NftRequest.AddRule bad = new NftRequest.AddRule(Nfnl.NFPROTO_INET, TABLE, "output",
        List.of(new Expr.Nat(Nft.NFT_NAT_DNAT, 99, Nft.NFT_REG_1, Nft.NFT_REG_2, 3)), "bad nat rule");
    List<Request> requests = new ArrayList<>(PortForwards.applyRequests(TABLE, List.of(tcp(8080, 80)), V4, null));
    requests.add(bad);
    BatchResult r = forwards.channel().transaction(Nfnl.NFNL_SUBSYS_NFTABLES, requests);
    assertFalse(r.ok());
    KernelException e = r.failures().get(0).error();
    assertEquals("EAFNOSUPPORT", e.errnoName(), e.getMessage());
    assertEquals("NFTA_RULE_EXPRESSIONS > NFTA_LIST_ELEM #1 (nat)", e.offendingAttribute(), e.getMessage());
    assertEquals(List.of(), NftTool.inetTables(), "nothing of the transaction stays");
  }

  @Test
  void connectionsToTheHostAddressReachTheListenerInTheOtherNamespace() throws Exception {
    NftTool.run("ip", "netns", "add", "pfc");
    try {
      NftTool.run("ip", "link", "add", "pf0", "type", "veth", "peer", "name", "eth0", "netns", "pfc");
      NftTool.run("ip", "addr", "add", "10.77.0.1/24", "dev", "pf0");
      NftTool.run("ip", "addr", "add", "fd77::1/64", "dev", "pf0", "nodad");
      NftTool.run("ip", "link", "set", "pf0", "up");
      NftTool.run("ip", "-n", "pfc", "addr", "add", "10.77.0.2/24", "dev", "eth0");
      NftTool.run("ip", "-n", "pfc", "addr", "add", "fd77::2/64", "dev", "eth0", "nodad");
      NftTool.run("ip", "-n", "pfc", "link", "set", "eth0", "up");
      NftTool.run("ip", "link", "set", "lo", "up");
      // a socket made inside pfc stays there: the listener of the "container"
      try (ServerSocket server = NetnsRunner.call(Path.of("/run/netns/pfc"), () -> {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(Literal.ip("10.77.0.2"), 80));
        return s;
      })) {
        forwards.apply(TABLE, List.of(tcp(8080, 80)), Literal.ip("10.77.0.2"), Literal.ip("fd77::2"));
        assertEquals("10.77.0.1 pf-hello", exchange(server, "10.77.0.1"));
        // loopback is left alone: nothing listens on the host's own 8080
        assertThrows(ConnectException.class, () -> new Socket().connect(new InetSocketAddress("127.0.0.1", 8080), 2000));
      }
      // IPv6 with busybox nc (this JVM started in a namespace without IPv6 addresses and has no IPv6 sockets)
      assertEquals("pf-hello6", exchange6());
      forwards.remove(TABLE);
      assertThrows(ConnectException.class, () -> new Socket().connect(new InetSocketAddress("10.77.0.1", 8080), 2000));
    } finally {
      // pf0 first: once pfc is deleted, the kernel destroys its eth0, and pf0 with it, in the background
      if (Files.exists(Path.of("/sys/class/net/pf0"))) {
        NftTool.run("ip", "link", "del", "pf0");
      }
      NftTool.run("ip", "netns", "del", "pfc");
    }
  }

  /** busybox nc listening on [::]:80 in pfc, busybox nc sending to [fd77::1]:8080 from the host: what the listener got. */
  private static String exchange6() throws Exception {
    String busybox = Require.tool("/bin/busybox", "busybox-static").toString();
    Process listener = new ProcessBuilder("ip", "netns", "exec", "pfc", busybox, "nc", "-l", "-p", "80")
        .redirectErrorStream(true).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!NftTool.run("ip", "netns", "exec", "pfc", busybox, "netstat", "-ltn").contains(":::80 ")) {
        assertTrue(System.nanoTime() < deadline, "busybox nc did not listen");
        Thread.sleep(20);
      }
      Process client = new ProcessBuilder(busybox, "nc", "-w", "2", "fd77::1", "8080").redirectErrorStream(true).start();
      client.getOutputStream().write("pf-hello6".getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().close();
      assertTrue(client.waitFor(5, TimeUnit.SECONDS), "the client ended");
      assertTrue(listener.waitFor(5, TimeUnit.SECONDS), "the listener got its connection and ended");
      return new String(listener.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    } finally {
      listener.destroyForcibly().waitFor();
    }
  }

  /** Connects to HOST:8080, sends a line, returns "SOURCE-SEEN-BY-THE-SERVER LINE". */
  private static String exchange(ServerSocket server, String host) throws Exception {
    CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
        String line = new String(in.readNBytes(8), StandardCharsets.US_ASCII);
        return ((InetSocketAddress) s.getRemoteSocketAddress()).getAddress().getHostAddress() + " " + line;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try (Socket c = new Socket()) {
      c.connect(new InetSocketAddress(Literal.ip(host), 8080), 3000);
      OutputStream out = c.getOutputStream();
      out.write("pf-hello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    return seen.get(5, TimeUnit.SECONDS).replace("::ffff:", "");
  }
}
