package dev.rtnl4j.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.Request;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The bytes of RTM_GETNSID / RTM_NEWNSID, written out by hand from {@code rtgenmsg} and {@code NETNSA_*}. */
class NamespaceIdsEncodingTest {
  private static String body(Request r) {
    MessageWriter w = new MessageWriter(64);
    r.encodeBody(w);
    return HexFormat.of().formatHex(w.toByteArray());
  }

  @Test
  void getIdIsRtgenmsgAndNetnsaFd() {
    NamespaceIds.GetId r = new NamespaceIds.GetId(5, "ns");
    assertEquals(Rtm.RTM_GETNSID, r.type());
    assertEquals("00000000" + "08000300" + "05000000", body(r));
  }

  @Test
  void newIdCarriesFdAndIdOrMinusOneForTheKernelsChoice() {
    assertEquals("00000000" + "08000300" + "05000000" + "08000100" + "07000000", body(new NamespaceIds.NewId(5, 7, "ns")));
    assertEquals("00000000" + "08000300" + "05000000" + "08000100" + "ffffffff", body(new NamespaceIds.NewId(5, -1, "ns")));
  }
}
