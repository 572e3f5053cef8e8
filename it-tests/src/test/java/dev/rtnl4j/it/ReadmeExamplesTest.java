package dev.rtnl4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.netns.NetNamespaces;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API document's examples are real, compiled code ({@link ReadmeExamples}), word for word, and
 * they do what they say: run here, in the test JVM's private network namespace.
 */
class ReadmeExamplesTest {
  /** The document whose {@code ```java} blocks are the examples (relative to it-tests/). */
  static final Path API_DOC = Path.of("../README.md");
  /** The examples' source. */
  static final Path EXAMPLES = Path.of("src/test/java/dev/rtnl4j/it/ReadmeExamples.java");

  private static final Pattern REGION = Pattern.compile("(?m)^([ \\t]*)// begin:([\\w-]+)\\n(.*?)^[ \\t]*// end:\\2\\n", Pattern.DOTALL);
  private static final Pattern BLOCK = Pattern.compile("(?m)^<!-- example:([\\w-]+) -->\\n```java\\n(.*?)^```\\n", Pattern.DOTALL);

  /** The marked regions of the examples' source, indentation of the marker removed, by name. */
  static Map<String, String> regions(String source) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = REGION.matcher(source);
    while (m.find()) {
      String indent = m.group(1);
      StringBuilder b = new StringBuilder();
      for (String line : m.group(3).split("\n", -1)) {
        b.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
      }
      String text = b.toString();
      out.put(m.group(2), text.substring(0, text.length() - 1));
    }
    return out;
  }

  /** The document's example blocks (each after an {@code <!-- example:NAME -->} line), by name. */
  static Map<String, String> blocks(String doc) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(doc);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void everyExampleOfTheApiDocumentIsCompiledCodeWordForWord() throws IOException {
    Map<String, String> regions = regions(Files.readString(EXAMPLES));
    Map<String, String> blocks = blocks(Files.readString(API_DOC));
    assertEquals(List.of("veth", "bridge", "address-and-route", "events", "events-netty", "module-plan", "module-load", "container", "port-forwards"),
        List.copyOf(regions.keySet()), "the examples, one per task of a container runtime");
    assertEquals(List.copyOf(regions.keySet()), List.copyOf(blocks.keySet()),
        API_DOC + " has one block per example, in the same order");
    for (var e : regions.entrySet()) {
      assertEquals(e.getValue(), blocks.get(e.getKey()), "example " + e.getKey() + " of " + API_DOC
          + " differs from the compiled code in " + EXAMPLES + " (copy the region between its markers)");
    }
    // and the document has no other java block that is not checked
    long javaBlocks = Pattern.compile("(?m)^```java$").matcher(Files.readString(API_DOC)).results().count();
    assertEquals(blocks.size(), javaBlocks, "every ```java block of " + API_DOC + " is an example under a marker");
  }

  @Test
  void theExtractionFindsRegionsAndBlocksAndNoticesADifference() {
    String src = "class X {\n  void f() {\n    // begin:a\n    int x = 1;\n      if (x > 0) {}\n    // end:a\n  }\n}\n";
    assertEquals(Map.of("a", "int x = 1;\n  if (x > 0) {}\n"), regions(src));
    String doc = "text\n<!-- example:a -->\n```java\nint x = 1;\n  if (x > 0) {}\n```\nmore\n";
    assertEquals(regions(src), blocks(doc));
    assertFalse(regions(src).equals(blocks(doc.replace("x = 1", "x = 2"))));
  }

  @Test
  void vethBridgeAddressAndRouteExamplesBuildAWorkingNamespace() throws Exception {
    Require.sandbox();
    ReadmeExamples.vethIntoNamespace();
    ReadmeExamples.bridge();
    ReadmeExamples.addressAndRoute();
    try (Rtnl host = Rtnl.open();
         NetNamespace c1 = NetNamespaces.standard().open("c1");
         Rtnl inside = Rtnl.open(c1)) {
      Link br0 = host.links().get(LinkRef.name("br0"));
      Link veth = host.links().get(LinkRef.name("ve-c1"));
      assertEquals("veth", veth.kindName());
      assertEquals(br0.index(), veth.master(), "ve-c1 is a port of br0");
      assertTrue(host.addresses().list(Rtm.AF_INET, br0.index()).stream()
          .anyMatch(a -> a.local().getHostAddress().equals("10.231.0.1") && a.prefixLength() == 24));
      Link eth0 = inside.links().get(LinkRef.name("eth0"));
      assertTrue(eth0.up(), "eth0 is up in c1");
      assertTrue(inside.addresses().list(Rtm.AF_INET, eth0.index()).stream()
          .anyMatch(a -> a.local().getHostAddress().equals("10.231.0.2")));
      InetAddress gateway = InetAddress.getByName("10.231.0.1");
      assertTrue(inside.routes().list(Rtm.AF_INET, 254).stream()
          .anyMatch(r -> r.isDefault() && gateway.equals(r.gateway())), "c1's default route");
    } finally {
      NetNamespaces.standard().delete("c1");
    }
  }

  @Test
  void eventsExampleSeesTheStateFirstAndThenTheChanges() throws Exception {
    Require.sandbox();
    CompletableFuture<List<String>> watching = CompletableFuture.supplyAsync(() -> {
      try {
        return ReadmeExamples.watchEvents(Duration.ofSeconds(2));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try (Rtnl host = Rtnl.open()) {
      for (int i = 0; i < 6; i++) {   // one every 500 ms: the later ones come after the subscription
        Thread.sleep(500);
        host.links().create(LinkSpec.builder("rd" + i, Veth.withPeer(VethPeer.named("rp" + i))).build());
      }
    }
    List<String> seen = watching.get(30, TimeUnit.SECONDS);
    assertFalse(seen.isEmpty());
    assertTrue(seen.get(0).startsWith("state: "), "the initial state first: " + seen);
    assertTrue(seen.contains("link added: rd5") && seen.contains("link added: rp5"), seen.toString());
  }

  @Test
  void nettyExampleDeliversTheEventAndTheCompletionOnTheLoop() throws Exception {
    Require.sandbox();
    List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.netty.channel.IoEventLoopGroup group = ReadmeExamples.eventsOnNetty(log);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(log.contains("created ve-c2") && log.contains("link added: ve-c2")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(log.contains("created ve-c2") && log.contains("link added: ve-c2"), log.toString());
      try (Rtnl host = Rtnl.open()) {
        assertEquals("veth", host.links().get(LinkRef.name("ve-c2")).kindName());
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void modulePlanExampleSaysWhatModprobeWouldLoad() throws Exception {
    Path tree = debianModuleTree();
    String plan = ReadmeExamples.modulePlan(ModuleSettings.system().withModuleDirectory(tree));
    assertTrue(plan.contains("/veth.ko"), "insmod lines of veth: " + plan);
    assertTrue(plan.lines().allMatch(l -> l.startsWith("insmod ") || l.startsWith("builtin ")), plan);
  }

  @Test
  void containerExampleStartsABusyboxContainer() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Path stateDir = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-readme-");
    try {
      int leader = ReadmeExamples.startContainer(stateDir);
      assertTrue(leader > 0, "the container's leader had a pid: " + leader);
    } finally {
      try (Stream<Path> s = Files.walk(stateDir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void portForwardsExampleMakesTheTableNftSeesAndRemovesIt() throws Exception {
    Require.sandbox();
    Require.tool("/usr/sbin/nft", "nftables");
    assertTrue(ReadmeExamples.portForwards(), "the table existed between apply and remove");
    Process p = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
    String tables = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), tables);
    assertFalse(tables.contains("rtnl4j-web"), tables);
  }

  /** Debian's module tree (package linux-image-amd64), with kmod's indexes. */
  private static Path debianModuleTree() throws IOException {
    Path root = Path.of("/lib/modules");
    List<Path> trees = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.list(root)) {
        s.filter(p -> Files.exists(p.resolve("modules.dep.bin"))).sorted().forEach(trees::add);
      }
    }
    Require.that(!trees.isEmpty(), "no kernel module tree under /lib/modules: install the Debian package linux-image-amd64");
    Path tree = trees.getLast();
    assertNotNull(tree);
    return tree;
  }
}
