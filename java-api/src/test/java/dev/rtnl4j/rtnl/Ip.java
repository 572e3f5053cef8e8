package dev.rtnl4j.rtnl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtnl4j.testkit.Require;
import dev.rtnl4j.testkit.Witness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** iproute2 as the independent witness: runs {@code ip} with an argv list, parses {@code ip -j}. */
final class Ip {
  private Ip() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static String path() {
    return Require.tool("/usr/sbin/ip", "iproute2").toString();
  }

  /** Runs ip with {@code args}; returns stdout; fails on a non-zero exit. */
  static String run(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(path());
    argv.addAll(List.of(args));
    return Witness.run(argv);
  }

  /** {@code ip -j [-d] args}, parsed. */
  static JsonNode json(String... args) {
    List<String> argv = new ArrayList<>(List.of("-j", "-d"));
    argv.addAll(List.of(args));
    String out = run(argv.toArray(String[]::new));
    try {
      return JSON.readTree(out.isBlank() ? "[]" : out);
    } catch (IOException e) {
      throw new AssertionError("ip printed no JSON: " + out, e);
    }
  }

  /** {@code ip -j -d link show dev NAME} (in {@code netns} when not null): the one link object. */
  static JsonNode link(String netns, String name) {
    JsonNode arr = netns == null ? json("link", "show", "dev", name) : json("-n", netns, "link", "show", "dev", name);
    return arr.get(0);
  }
}
