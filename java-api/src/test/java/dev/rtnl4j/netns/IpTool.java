package dev.rtnl4j.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtnl4j.testkit.Require;
import dev.rtnl4j.testkit.Witness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs iproute2 (argv, no shell) as the witness of what the kernel holds. */
final class IpTool {
  private IpTool() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code argv} (its first element a program name or path), fails unless it exits 0, returns stdout. */
  static String run(String... argv) {
    List<String> command = new ArrayList<>(List.of(argv));
    if (command.get(0).equals("ip")) {
      command.set(0, Require.tool("/usr/sbin/ip", "iproute2").toString());
    }
    return Witness.run(command);
  }

  /** {@code ip -j netns list}, parsed: one object per name, with {@code id} when it has one. */
  static JsonNode netnsList() throws IOException, InterruptedException {
    String out = run("ip", "-j", "netns", "list");
    return JSON.readTree(out.isBlank() ? "[]" : out);
  }

  /** The names {@code ip -j netns list} shows. */
  static List<String> netnsNames() throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    netnsList().forEach(n -> names.add(n.get("name").asText()));
    return names;
  }

  /** The id {@code ip -j netns list} shows for {@code name}, or -1 when it shows none. */
  static int netnsId(String name) throws IOException, InterruptedException {
    for (JsonNode n : netnsList()) {
      if (n.get("name").asText().equals(name)) {
        return n.has("id") ? n.get("id").asInt() : -1;
      }
    }
    throw new AssertionError("ip netns list does not show " + name);
  }
}
