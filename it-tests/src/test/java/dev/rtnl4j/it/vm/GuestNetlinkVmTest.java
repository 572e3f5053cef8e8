package dev.rtnl4j.it.vm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.sys.NetlinkSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in the kernel VM (see {@link KernelVm}): rtnl4j's native layer talks rtnetlink to Debian's
 * 6.1 kernel, an older kernel than the host's.
 */
@Tag(KernelVm.TAG)
class GuestNetlinkVmTest {
  private static final short RTM_NEWLINK = 16;
  private static final short RTM_GETLINK = 18;
  private static final short NLM_F_REQUEST = 1;
  private static final short IFLA_IFNAME = 3;
  private static final int NLMSG_HDRLEN = 16;
  private static final int IFINFOMSG_LEN = 16;

  @Test
  void rtmGetlinkOfLoopbackRoundTripsThroughTheNativeLayer() {
    try (NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE); Arena arena = Arena.ofConfined()) {
      int seq = socket.nextSequence();
      MemorySegment request = arena.allocate(NLMSG_HDRLEN + IFINFOMSG_LEN, 8);
      request.set(JAVA_INT, 0, (int) request.byteSize());
      request.set(JAVA_SHORT, 4, RTM_GETLINK);
      request.set(JAVA_SHORT, 6, NLM_F_REQUEST);
      request.set(JAVA_INT, 8, seq);
      request.set(JAVA_INT, NLMSG_HDRLEN + 4, 1); // ifi_index 1: lo
      socket.send(request);

      MemorySegment reply = socket.receive(10_000);
      assertNotNull(reply, "no reply to RTM_GETLINK within 10 s");
      assertEquals(RTM_NEWLINK, reply.get(JAVA_SHORT, 4), "reply type (2 = NLMSG_ERROR, then errno at offset 16: "
          + (reply.byteSize() >= 20 ? reply.get(JAVA_INT, 16) : 0) + ")");
      assertEquals(seq, reply.get(JAVA_INT, 8), "reply sequence");
      assertEquals(1, reply.get(JAVA_INT, NLMSG_HDRLEN + 4), "ifi_index");
      assertEquals("lo", attributeString(reply, IFLA_IFNAME));
    }
  }

  @Test
  void kernel61AcceptsTheSafeDefaultSocketOptions() {
    try (NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE)) {
      assertTrue(socket.extendedAck(), "NETLINK_EXT_ACK");
      assertTrue(socket.cappedAck(), "NETLINK_CAP_ACK");
      assertTrue(socket.strictCheck(), "NETLINK_GET_STRICT_CHK");
      assertTrue(socket.portId() != 0, "bound to a kernel-chosen port id");
    }
  }

  /** The string value (NUL-terminated) of the first top-level attribute {@code type} of a link message. */
  private static String attributeString(MemorySegment message, short type) {
    int length = message.get(JAVA_INT, 0);
    int offset = NLMSG_HDRLEN + IFINFOMSG_LEN;
    while (offset + 4 <= length) {
      int attrLen = message.get(JAVA_SHORT, offset) & 0xFFFF;
      int attrType = message.get(JAVA_SHORT, offset + 2) & 0x3FFF;
      if (attrLen < 4) {
        break;
      }
      if (attrType == type) {
        byte[] value = new byte[attrLen - 4];
        MemorySegment.copy(message, JAVA_BYTE, offset + 4, value, 0, value.length);
        int end = 0;
        while (end < value.length && value[end] != 0) {
          end++;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
      }
      offset += (attrLen + 3) & ~3;
    }
    throw new AssertionError("no attribute " + type + " in the RTM_NEWLINK reply");
  }
}
