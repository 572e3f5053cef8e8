package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtnl4j.testkit.Require;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Hostile containers files: 10,000 seeded mutations of a valid file (wrong types, huge numbers,
 * deep nesting, invalid UTF-8, names and paths with {@code :}, {@code ;}, spaces, newlines,
 * {@code $(…)}, {@code ..}) go to {@link SpecFile} and to {@code up --dry-run}. Each is accepted
 * or refused with an error naming the field (its JSON path) or, for a file that is not JSON at
 * all, the line and column; nothing throws anything else, and each input is done within 5 s.
 * {@code -Drtnl4j.fuzz.inputs=N} and {@code -Drtnl4j.fuzz.seed=S} change the run.
 */
class SpecFileFuzzTest {
  private static final int INPUTS = Integer.getInteger("rtnl4j.fuzz.inputs", 10_000);
  private static final long SEED = Long.getLong("rtnl4j.fuzz.seed", 8L);
  private static final long BOUND_SECONDS = 5;

  private static final String BASE = """
      {"containers": {
        "web": {"privateNetwork": true, "hostAddress": "10.231.0.1", "localAddress": "10.231.0.2",
                "hostAddress6": "fc00::1", "localAddress6": "fc00::2",
                "image": "busybox", "autoStart": true, "timeoutStartSec": "15s",
                "forwardPorts": [{"protocol": "tcp", "hostPort": 8080, "containerPort": 80}],
                "bindMounts": {"/srv": {"hostPath": "/tmp", "isReadOnly": false}, "/etc/x": {}},
                "extraVeths": {"xv1": {"hostAddress": "10.70.0.1", "localAddress": "10.70.0.2"}},
                "tmpfs": ["/var"], "additionalCapabilities": ["CAP_SYS_TIME"], "enableTun": true,
                "allowedDevices": [{"node": "/dev/fuse", "modifier": "rw"}], "extraFlags": ["--quiet"],
                "command": ["/bin/sh", "-c", "sleep 1"], "notifyReady": false, "containerMac": "02:00:00:00:00:01"},
        "db": {"image": "host", "ephemeral": false, "privateNetwork": true, "hostBridge": "br0",
               "localAddress": "10.50.0.2/24", "macvlans": ["eth9"], "interfaces": ["eth8"]},
        "ns": {"privateNetwork": true, "networkNamespace": "/run/netns/other"}
      }}""";

  private static final String[] HOSTILE = {
      "", " ", "a:b", "a;b", "a b", "a\nb", "$(reboot)", "`id`", "..", "../../etc/passwd", "/../..", "-rf",
      "--quiet", "a=b", "\u0000", "é", "\uD83D\uDE00", "x".repeat(300), "x".repeat(70_000), "/dev/null",
      "10.0.0.300", "10.0.0.1/99", "::ffff:1.2.3.4", "fe80::1%eth0", "0s", "-1s", "9999999999999999999s",
      "infinity", "CAP_ALL", "tcp", "udp", "sctp", "/tmp/a:b", "/run/netns/../../etc", "ve-web", "lo",
      "eth0;reboot", "host", "busybox", "/", "//", "%s%n", "\t", "\r\n"};

  /** The file, then the JSON path of the field ({@code $} for the top), or where the text stops being JSON/UTF-8. */
  private static final Pattern NAMED = Pattern.compile(
      "(?s)\\S*/f\\d+\\.json: ((\\$|containers([.\\[].*?)?): .+|.*?: unknown field \".*\"|not valid JSON: .+"
          + "|not valid UTF-8 at byte \\d+)");

  private static ExecutorService worker;

  @BeforeAll
  static void startWorker() {
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stopWorker() {
    worker.shutdownNow();
  }

  @Test
  void tenThousandMutatedSpecFilesAreAcceptedOrRefusedNamingTheField() throws Exception {
    Require.sandbox(); // up --dry-run opens a netlink socket: in the test's own namespace
    assertEquals(3, SpecFile.parse("base.json", BASE).size(), "the unmutated file is valid");
    Random random = new Random(SEED);
    // the writer may nest deeper than Jackson's default 1,000 levels: the parser's limit is under test
    ObjectMapper mapper = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
        .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
        .build());
    JsonNode base = mapper.readTree(BASE);
    Path dir = Files.createTempDirectory("rtnl4j-fuzz-");
    Path state = dir.resolve("state");
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = mutate(random, mapper, base.deepCopy());
      Path file = dir.resolve("f" + i + ".json");
      Files.write(file, input);
      String parse = bounded(i, input, () -> {
        try {
          SpecFile.read(file);
          return null;
        } catch (SpecFile.SpecFileException e) {
          return e.getMessage();
        }
      });
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status = bounded(i, input, () -> new CommandLine(new Main()).setOut(new PrintWriter(out))
          .setErr(new PrintWriter(err)).setExitCodeExceptionMapper(t -> 1)
          .execute("up", "--dry-run", "--state-dir", state.toString(), file.toString()));
      if (parse == null) {
        accepted++;
        assertEquals(0, status, () -> "accepted by SpecFile but up --dry-run failed on input " + show(input) + ": " + err);
        assertTrue(out.toString().contains("exec "), out::toString);
      } else {
        refused++;
        if (!NAMED.matcher(parse).matches()) {
          fail("input " + show(input) + " refused without naming the field: " + parse);
        }
        assertEquals(2, status, () -> "refused by SpecFile, so up --dry-run must exit 2: " + err);
        assertTrue(err.toString().startsWith("rtnl4j up: " + parse.lines().findFirst().orElse("")), err::toString);
      }
      Files.delete(file);
    }
    System.out.printf("spec fuzz: %d inputs (seed %d): %d accepted, %d refused with the field named%n",
        INPUTS, SEED, accepted, refused);
    assertTrue(accepted > INPUTS / 50, "the mutations leave some inputs valid: " + accepted);
    assertTrue(refused > INPUTS / 2, "most mutations are refused: " + refused);
  }

  private static <T> T bounded(int i, byte[] input, java.util.concurrent.Callable<T> c) throws Exception {
    Future<T> f = worker.submit(c);
    try {
      return f.get(BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError("input " + i + " took more than " + BOUND_SECONDS + " s: " + show(input));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("input " + i + " crashed the parser or up --dry-run: " + show(input), e.getCause());
    }
  }

  private static String show(byte[] input) {
    String s = new String(input, StandardCharsets.UTF_8);
    return s.length() > 400 ? s.substring(0, 400) + "…(" + s.length() + " chars)" : s;
  }

  /** One to three structural mutations, and sometimes a byte-level one on top. */
  static byte[] mutate(Random r, ObjectMapper mapper, JsonNode root) throws Exception {
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n; k++) {
      List<Slot> slots = new ArrayList<>();
      collect(root, slots);
      if (slots.isEmpty()) {
        break;
      }
      Slot s = slots.get(r.nextInt(slots.size()));
      switch (r.nextInt(8)) {
        case 0 -> s.set(wrongType(r));
        case 1 -> s.set(JsonNodeFactory.instance.textNode(hostile(r)));
        case 2 -> s.set(hugeNumber(r));
        case 3 -> s.set(deep(r));
        case 4 -> s.rename(hostile(r));
        case 5 -> s.remove();
        case 6 -> s.addSibling(hostile(r), r.nextBoolean() ? JsonNodeFactory.instance.textNode(hostile(r)) : wrongType(r));
        default -> s.set(JsonNodeFactory.instance.textNode(s.text() + hostile(r)));
      }
    }
    byte[] bytes = mapper.writeValueAsBytes(root);
    int b = r.nextInt(10);
    if (b == 0) {
      // invalid UTF-8: a lone continuation byte, a truncated sequence, or an overlong one
      byte[][] bad = {{(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
      byte[] ins = bad[r.nextInt(bad.length)];
      int at = r.nextInt(bytes.length);
      byte[] out = new byte[bytes.length + ins.length];
      System.arraycopy(bytes, 0, out, 0, at);
      System.arraycopy(ins, 0, out, at, ins.length);
      System.arraycopy(bytes, at, out, at + ins.length, bytes.length - at);
      return out;
    } else if (b == 1) {
      return java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
    } else if (b == 2) {
      byte[] out = bytes.clone();
      out[r.nextInt(out.length)] = (byte) " {}[]\":,0x\\".charAt(r.nextInt(11));
      return out;
    }
    return bytes;
  }

  private static String hostile(Random r) {
    String h = HOSTILE[r.nextInt(HOSTILE.length)];
    return r.nextInt(4) == 0 ? "web" + h : h;
  }

  private static JsonNode wrongType(Random r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (r.nextInt(6)) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(r.nextBoolean());
      case 2 -> f.numberNode(r.nextInt());
      case 3 -> f.arrayNode().add(r.nextInt()).add("x");
      case 4 -> f.objectNode().put("x", 1);
      default -> f.numberNode(r.nextDouble());
    };
  }

  private static JsonNode hugeNumber(Random r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (r.nextInt(6)) {
      case 0 -> f.numberNode(Long.MAX_VALUE);
      case 1 -> f.numberNode(new java.math.BigInteger("9".repeat(40)));
      case 2 -> f.numberNode(1e308);
      case 3 -> f.numberNode(-1);
      case 4 -> f.numberNode(65536);
      default -> f.numberNode(Integer.MIN_VALUE);
    };
  }

  /** Nesting from 10 to 2,000 levels (past Jackson's own limit of 1,000, too). */
  private static JsonNode deep(Random r) {
    int depth = 10 + r.nextInt(r.nextBoolean() ? 100 : 2000);
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode n = f.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      n = (i % 2 == 0) ? f.arrayNode().add(n) : f.objectNode().set("a", n);
    }
    return n;
  }

  /** A place in the tree: a field of an object or an element of an array. */
  private record Slot(JsonNode parent, String field, int index) {
    void set(JsonNode v) {
      if (parent instanceof ObjectNode o) {
        o.set(field, v);
      } else {
        ((ArrayNode) parent).set(index, v);
      }
    }

    String text() {
      JsonNode v = parent instanceof ObjectNode o ? o.get(field) : parent.get(index);
      return v == null ? "" : v.asText();
    }

    void rename(String to) {
      if (parent instanceof ObjectNode o && !o.has(to)) {
        JsonNode v = o.remove(field);
        o.set(to, v);
      } else {
        set(JsonNodeFactory.instance.textNode(to));
      }
    }

    void remove() {
      if (parent instanceof ObjectNode o) {
        o.remove(field);
      } else {
        ((ArrayNode) parent).remove(index);
      }
    }

    void addSibling(String name, JsonNode v) {
      if (parent instanceof ObjectNode o) {
        o.set(name, v);
      } else {
        ((ArrayNode) parent).add(v);
      }
    }
  }

  private static void collect(JsonNode n, List<Slot> out) {
    if (n instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String f : names) {
        out.add(new Slot(o, f, -1));
        collect(o.get(f), out);
      }
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new Slot(a, null, i));
        collect(a.get(i), out);
      }
    }
  }
}
