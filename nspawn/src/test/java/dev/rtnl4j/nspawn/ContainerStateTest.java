package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerStateTest {

  @Test
  void stateSurvivesItsJsonForm() {
    ContainerState s = new ContainerState("web", StartMode.PREPARED, 100, 101, "/run/netns/web", true,
        List.of("ve-web"), List.of("eth9"), List.of("host ve-web 10.0.0.1/32", "container eth0 10.0.0.2/32"),
        "/run/rtnl4j/images/we\"b\\", true, "/run/rtnl4j/containers/web.log", 1234567890123L, "rtnl4j-web");
    String json = s.toJson();
    assertTrue(json.startsWith("{\"name\":\"web\",\"mode\":\"PREPARED\",\"nspawnPid\":100,\"leaderPid\":101,"
        + "\"netns\":\"/run/netns/web\""), json);
    assertEquals(s, ContainerState.fromJson(json));
  }

  @Test
  void aBrokenStateFileIsRefusedWithAReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ContainerState.fromJson("{\"name\": "))
        .getMessage().startsWith("bad JSON at offset"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ContainerState.fromJson("[]"))
        .getMessage().contains("must be a JSON object"));
  }
}
