package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.sys.NetlinkSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    try (NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE)) {
      int seq = socket.nextSequence();
      ByteBuffer request = ByteBuffer.allocateDirect(NLMSG_HDRLEN + IFINFOMSG_LEN).order(ByteOrder.nativeOrder());
      request.putInt(0, request.limit());
      request.putShort(4, RTM_GETLINK);
      request.putShort(6, NLM_F_REQUEST);
      request.putInt(8, seq);
      request.putInt(NLMSG_HDRLEN + 4, 1); // ifi_index 1: lo
      socket.send(request);

      ByteBuffer reply = socket.receive(10_000);
      assertNotNull(reply, "no reply to RTM_GETLINK within 10 s");
      assertEquals(RTM_NEWLINK, reply.getShort(4), "reply type (2 = NLMSG_ERROR, then errno at offset 16: "
          + (reply.limit() >= 20 ? reply.getInt(16) : 0) + ")");
      assertEquals(seq, reply.getInt(8), "reply sequence");
      assertEquals(1, reply.getInt(NLMSG_HDRLEN + 4), "ifi_index");
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
  private static String attributeString(ByteBuffer message, short type) {
    int length = message.getInt(0);
    int offset = NLMSG_HDRLEN + IFINFOMSG_LEN;
    while (offset + 4 <= length) {
      int attrLen = message.getShort(offset) & 0xFFFF;
      int attrType = message.getShort(offset + 2) & 0x3FFF;
      if (attrLen < 4) {
        break;
      }
      if (attrType == type) {
        byte[] value = new byte[attrLen - 4];
        message.get(offset + 4, value);
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
