package dev.rtnl4j.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a containers file: containers.nix's own option names, as JSON.
 *
 * <pre>{@code
 * {"containers": {"web": {"privateNetwork": true, "hostAddress": "10.231.0.1",
 *   "localAddress": "10.231.0.2", "image": "busybox",
 *   "forwardPorts": [{"protocol": "tcp", "hostPort": 8080, "containerPort": 80}]}}}
 * }</pre>
 *
 * <p>Unknown fields are refused. Every error names the JSON path and the container, e.g.
 * {@code web.json: containers.web.localAddress: container "web": localAddress "10.0.0.300": not
 * an IPv4 address}; errors are {@link SpecFileException}.
 */
final class SpecFile {
  private SpecFile() {}

  private static final Set<String> CONTAINER_FIELDS = Set.of("privateNetwork", "hostAddress", "hostAddress6",
      "localAddress", "localAddress6", "hostBridge", "extraVeths", "interfaces", "macvlans", "forwardPorts",
      "bindMounts", "tmpfs", "additionalCapabilities", "enableTun", "allowedDevices", "ephemeral",
      "timeoutStartSec", "extraFlags", "autoStart", "image", "command", "notifyReady", "networkNamespace",
      "containerMac");
  private static final Set<String> VETH_FIELDS = Set.of("hostBridge", "hostAddress", "hostAddress6", "localAddress",
      "localAddress6");
  private static final Set<String> PORT_FIELDS = Set.of("protocol", "hostPort", "containerPort");
  private static final Set<String> BIND_FIELDS = Set.of("mountPoint", "hostPath", "isReadOnly");
  private static final Set<String> DEVICE_FIELDS = Set.of("node", "modifier");

  /** A containers file that cannot be used: says where (file, JSON path) and what. */
  static final class SpecFileException extends Exception {
    private static final long serialVersionUID = 1L;

    SpecFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads {@code file}. */
  static List<ContainerSpec> read(Path file) throws SpecFileException {
    String text;
    try {
      java.nio.ByteBuffer raw = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
      try {
        text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(raw).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new SpecFileException(file + ": not valid UTF-8 at byte " + raw.position(), e);
      }
    } catch (IOException e) {
      throw new SpecFileException(file + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Reads {@code text}; {@code source} names it in errors. */
  static List<ContainerSpec> parse(String source, String text) throws SpecFileException {
    JsonNode root;
    try {
      ObjectMapper mapper = new ObjectMapper();
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SpecFileException(source + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")"), e);
    }
    Reader r = new Reader(source);
    return r.file(root);
  }

  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    SpecFileException error(String path, String message) {
      return new SpecFileException(source + ": " + path + ": " + message, null);
    }

    List<ContainerSpec> file(JsonNode root) throws SpecFileException {
      if (root == null || !root.isObject()) {
        throw error("$", "a containers file is a JSON object with a \"containers\" object");
      }
      fields(root, "$", Set.of("containers"));
      JsonNode containers = root.get("containers");
      if (containers == null || !containers.isObject()) {
        throw error("containers", "must be an object of containers by name");
      }
      List<ContainerSpec> out = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : containers.properties()) {
        out.add(container(e.getKey(), e.getValue(), "containers." + e.getKey()));
      }
      return out;
    }

    ContainerSpec container(String name, JsonNode c, String path) throws SpecFileException {
      if (!c.isObject()) {
        throw error(path, "container \"" + name + "\": must be an object");
      }
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!CONTAINER_FIELDS.contains(f)) {
          String hint = f.equals("config") || f.equals("path")
              ? " (a NixOS system cannot be built here: give \"image\": a root directory, \"host\" or \"busybox\")" : "";
          throw error(path + "." + f, "container \"" + name + "\": unknown option \"" + f + "\"" + hint);
        }
      }
      ContainerSpec.Builder b = ContainerSpec.builder(name);
      try {
        str(c, path, name, "image", b::image);
        bool(c, path, name, "privateNetwork", b::privateNetwork);
        str(c, path, name, "hostAddress", b::hostAddress);
        str(c, path, name, "hostAddress6", b::hostAddress6);
        str(c, path, name, "localAddress", b::localAddress);
        str(c, path, name, "localAddress6", b::localAddress6);
        str(c, path, name, "hostBridge", b::hostBridge);
        strings(c, path, name, "interfaces", b::interfaces);
        strings(c, path, name, "macvlans", b::macvlans);
        strings(c, path, name, "tmpfs", l -> l.forEach(b::tmpfs));
        strings(c, path, name, "additionalCapabilities", l -> l.forEach(b::capability));
        strings(c, path, name, "extraFlags", b::extraFlags);
        strings(c, path, name, "command", b::command);
        bool(c, path, name, "enableTun", b::enableTun);
        bool(c, path, name, "ephemeral", b::ephemeral);
        bool(c, path, name, "autoStart", v -> { });
        bool(c, path, name, "notifyReady", b::notifyReady);
        str(c, path, name, "timeoutStartSec", b::timeoutStartSec);
        str(c, path, name, "networkNamespace", b::networkNamespace);
        str(c, path, name, "containerMac", b::containerMac);
        JsonNode veths = present(c, "extraVeths");
        if (veths != null) {
          object(veths, path + ".extraVeths", name);
          for (Map.Entry<String, JsonNode> e : veths.properties()) {
            String vp = path + ".extraVeths." + e.getKey();
            JsonNode v = e.getValue();
            object(v, vp, name);
            fields(v, vp, VETH_FIELDS, name);
            b.extraVeth(e.getKey(), text(v, vp, name, "hostBridge"), text(v, vp, name, "hostAddress"),
                text(v, vp, name, "hostAddress6"), text(v, vp, name, "localAddress"), text(v, vp, name, "localAddress6"));
          }
        }
        JsonNode ports = present(c, "forwardPorts");
        if (ports != null) {
          array(ports, path + ".forwardPorts", name);
          for (int i = 0; i < ports.size(); i++) {
            String pp = path + ".forwardPorts[" + i + "]";
            JsonNode p = ports.get(i);
            object(p, pp, name);
            fields(p, pp, PORT_FIELDS, name);
            Integer hostPort = integer(p, pp, name, "hostPort");
            if (hostPort == null) {
              throw error(pp + ".hostPort", "container \"" + name + "\": hostPort is required");
            }
            b.forwardPort(text(p, pp, name, "protocol"), hostPort, integer(p, pp, name, "containerPort"));
          }
        }
        JsonNode binds = present(c, "bindMounts");
        if (binds != null) {
          String bp = path + ".bindMounts";
          if (binds.isObject()) {
            for (Map.Entry<String, JsonNode> e : binds.properties()) {
              bind(b, e.getValue(), bp + "." + e.getKey(), name, e.getKey());
            }
          } else if (binds.isArray()) {
            for (int i = 0; i < binds.size(); i++) {
              bind(b, binds.get(i), bp + "[" + i + "]", name, null);
            }
          } else {
            throw error(bp, "container \"" + name + "\": must be an object by mount point, or a list");
          }
        }
        JsonNode devices = present(c, "allowedDevices");
        if (devices != null) {
          array(devices, path + ".allowedDevices", name);
          for (int i = 0; i < devices.size(); i++) {
            String dp = path + ".allowedDevices[" + i + "]";
            JsonNode d = devices.get(i);
            object(d, dp, name);
            fields(d, dp, DEVICE_FIELDS, name);
            b.allowedDevice(text(d, dp, name, "node"), text(d, dp, name, "modifier"));
          }
        }
        return b.build();
      } catch (SpecException e) {
        throw new SpecFileException(source + ": " + path + (e.field() == null ? "" : "." + e.field()) + ": "
            + e.getMessage(), e);
      }
    }

    private void bind(ContainerSpec.Builder b, JsonNode v, String bp, String name, String key) throws SpecFileException {
      object(v, bp, name);
      fields(v, bp, BIND_FIELDS, name);
      String mountPoint = text(v, bp, name, "mountPoint");
      if (mountPoint == null) {
        mountPoint = key;
      }
      if (mountPoint == null) {
        throw error(bp + ".mountPoint", "container \"" + name + "\": mountPoint is required");
      }
      Boolean ro = boolOrNull(v, bp, name, "isReadOnly");
      b.bindMount(mountPoint, text(v, bp, name, "hostPath"), ro == null || ro);
    }

    private JsonNode present(JsonNode c, String field) {
      JsonNode v = c.get(field);
      return v == null || v.isNull() ? null : v;
    }

    private void fields(JsonNode o, String path, Set<String> allowed) throws SpecFileException {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw error(path.equals("$") ? f : path + "." + f, "unknown field \"" + f + "\"");
        }
      }
    }

    private void fields(JsonNode o, String path, Set<String> allowed, String name) throws SpecFileException {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw error(path + "." + f, "container \"" + name + "\": unknown option \"" + f + "\"");
        }
      }
    }

    private void object(JsonNode v, String path, String name) throws SpecFileException {
      if (!v.isObject()) {
        throw error(path, "container \"" + name + "\": must be an object");
      }
    }

    private void array(JsonNode v, String path, String name) throws SpecFileException {
      if (!v.isArray()) {
        throw error(path, "container \"" + name + "\": must be a list");
      }
    }

    private String text(JsonNode o, String path, String name, String field) throws SpecFileException {
      JsonNode v = present(o, field);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        throw error(path + "." + field, "container \"" + name + "\": must be a string, not " + v);
      }
      return v.asText();
    }

    private Integer integer(JsonNode o, String path, String name, String field) throws SpecFileException {
      JsonNode v = present(o, field);
      if (v == null) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw error(path + "." + field, "container \"" + name + "\": must be an integer, not " + v);
      }
      return v.intValue();
    }

    private Boolean boolOrNull(JsonNode o, String path, String name, String field) throws SpecFileException {
      JsonNode v = present(o, field);
      if (v == null) {
        return null;
      }
      if (!v.isBoolean()) {
        throw error(path + "." + field, "container \"" + name + "\": must be true or false, not " + v);
      }
      return v.booleanValue();
    }

    private void str(JsonNode c, String path, String name, String field, Consumer<String> set) throws SpecFileException {
      String v = text(c, path, name, field);
      if (v != null) {
        set.accept(v);
      }
    }

    private void bool(JsonNode c, String path, String name, String field, Consumer<Boolean> set) throws SpecFileException {
      Boolean v = boolOrNull(c, path, name, field);
      if (v != null) {
        set.accept(v);
      }
    }

    private void strings(JsonNode c, String path, String name, String field, Consumer<List<String>> set)
        throws SpecFileException {
      JsonNode v = present(c, field);
      if (v == null) {
        return;
      }
      if (!v.isArray()) {
        throw error(path + "." + field, "container \"" + name + "\": must be a list of strings");
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isTextual()) {
          throw error(path + "." + field + "[" + i + "]", "container \"" + name + "\": must be a string, not " + v.get(i));
        }
        out.add(v.get(i).asText());
      }
      set.accept(out);
    }
  }
}
