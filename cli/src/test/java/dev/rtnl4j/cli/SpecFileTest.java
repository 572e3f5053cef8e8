package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.nspawn.BindMount;
import dev.rtnl4j.nspawn.ContainerSpec;
import dev.rtnl4j.nspawn.Image;
import dev.rtnl4j.nspawn.PortForward;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecFileTest {

  private static String error(String json) {
    return assertThrows(SpecFile.SpecFileException.class, () -> SpecFile.parse("t.json", json)).getMessage();
  }

  @Test
  void readsContainersNixOptionNames() throws Exception {
    List<ContainerSpec> specs = SpecFile.parse("t.json", """
        {"containers": {
          "web": {"privateNetwork": true, "hostAddress": "10.231.0.1", "localAddress": "10.231.0.2",
                  "image": "busybox", "autoStart": true, "timeoutStartSec": "15s",
                  "forwardPorts": [{"protocol": "tcp", "hostPort": 8080, "containerPort": 80}, {"hostPort": 53}],
                  "bindMounts": {"/srv": {"hostPath": "/data/srv", "isReadOnly": false}, "/etc/x": {}},
                  "extraVeths": {"xv1": {"hostAddress": "10.70.0.1", "localAddress": "10.70.0.2"}},
                  "tmpfs": ["/var"], "additionalCapabilities": ["CAP_SYS_TIME"], "enableTun": true,
                  "allowedDevices": [{"node": "/dev/fuse", "modifier": "rw"}], "extraFlags": ["--quiet"]},
          "db": {"image": "host", "ephemeral": false}
        }}""");
    assertEquals(2, specs.size());
    ContainerSpec web = specs.get(0);
    assertEquals("web", web.name());
    assertEquals("10.231.0.2/32", web.localAddress().toString());
    assertEquals(List.of(new PortForward("tcp", 8080, 80), new PortForward("tcp", 53, 53)), web.forwardPorts());
    assertEquals(List.of(new BindMount("/srv", "/data/srv", false), new BindMount("/etc/x", null, true)), web.bindMounts());
    assertEquals("xv1", web.extraVeths().get(0).name());
    assertEquals(Duration.ofSeconds(15), web.timeoutStart());
    assertEquals(List.of("CAP_SYS_TIME", "CAP_NET_ADMIN"), web.effectiveCapabilities());
    assertEquals(new Image.Host(), specs.get(1).image());
  }

  @Test
  void badAddressNamesTheJsonPathAndTheContainer() {
    assertEquals("t.json: containers.web.localAddress: container \"web\": localAddress \"10.0.0.300\": not an IPv4 address",
        error("{\"containers\": {\"web\": {\"privateNetwork\": true, \"localAddress\": \"10.0.0.300\"}}}"));
  }

  @Test
  void unknownFieldsAreRefused() {
    assertEquals("t.json: containers.web.hostAdress: container \"web\": unknown option \"hostAdress\"",
        error("{\"containers\": {\"web\": {\"hostAdress\": \"10.0.0.1\"}}}"));
    assertEquals("t.json: version: unknown field \"version\"", error("{\"version\": 1, \"containers\": {}}"));
    assertEquals("t.json: containers.web.forwardPorts[0].port: container \"web\": unknown option \"port\"",
        error("{\"containers\": {\"web\": {\"privateNetwork\": true, \"forwardPorts\": [{\"port\": 1}]}}}"));
    assertTrue(error("{\"containers\": {\"web\": {\"config\": {}}}}").contains("cannot be built here"));
  }

  @Test
  void wrongTypesAreNamed() {
    assertEquals("t.json: containers.web.privateNetwork: container \"web\": must be true or false, not \"yes\"",
        error("{\"containers\": {\"web\": {\"privateNetwork\": \"yes\"}}}"));
    assertEquals("t.json: containers.web.interfaces[1]: container \"web\": must be a string, not 3",
        error("{\"containers\": {\"web\": {\"interfaces\": [\"eth1\", 3]}}}"));
    assertEquals("t.json: containers.web.forwardPorts[0].hostPort: container \"web\": hostPort is required",
        error("{\"containers\": {\"web\": {\"privateNetwork\": true, \"forwardPorts\": [{\"protocol\": \"tcp\"}]}}}"));
  }

  @Test
  void specRulesAreReportedAtTheirPath() {
    assertEquals("t.json: containers.web.hostBridge: container \"web\": hostBridge: only one of hostAddress* or hostBridge can be given",
        error("{\"containers\": {\"web\": {\"privateNetwork\": true, \"hostBridge\": \"br0\", \"hostAddress\": \"10.0.0.1\"}}}"));
    assertTrue(error("{\"containers\": {\"we b\": {}}}").contains("containers.we b.name: container \"we b\": name"));
    assertTrue(error("{\"containers\": {\"web\": {\"bindMounts\": [{\"mountPoint\": \"rel\"}]}}}")
        .contains("containers.web.bindMounts[0].mountPoint: container \"web\": bindMounts[0].mountPoint \"rel\""));
  }

  @Test
  void invalidJsonAndDuplicateNamesAreRefused() {
    assertTrue(error("{\"containers\": {").startsWith("t.json: not valid JSON"));
    assertTrue(error("{\"containers\": {\"a\": {}, \"a\": {}}}").contains("Duplicate field 'a'"));
    assertEquals("t.json: containers: must be an object of containers by name", error("{\"containers\": []}"));
  }
}
