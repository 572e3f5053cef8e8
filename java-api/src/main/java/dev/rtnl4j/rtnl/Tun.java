package dev.rtnl4j.rtnl;

import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_GROUP;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_MULTI_QUEUE;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_NUM_QUEUES;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_OWNER;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_PERSIST;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_PI;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_TYPE;
import static dev.rtnl4j.codec.IflaInfoData.IFLA_TUN_VNET_HDR;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.RawAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * A TUN or TAP device ({@code tun}) as the kernel reports it. Such devices are not created with
 * {@code RTM_NEWLINK} (the kernel refuses): create them with {@link TunTap}, through
 * {@code /dev/net/tun}. A {@link LinkSpec} of this kind is refused when encoded.
 *
 * @param mode        TUN (IP packets) or TAP (Ethernet frames)
 * @param packetInfo  reads and writes carry the 4-byte packet information header ({@code IFF_NO_PI} off)
 * @param vnetHeader  {@code IFF_VNET_HDR}
 * @param persistent  the device outlives the file descriptor that made it ({@code TUNSETPERSIST})
 * @param multiQueue  {@code IFF_MULTI_QUEUE}
 * @param owner       the user allowed to attach ({@code TUNSETOWNER}), or -1 for any
 * @param group       the group allowed to attach ({@code TUNSETGROUP}), or -1 for any
 * @param queues      attached queues (file descriptors), -1 when not reported
 */
public record Tun(TunTap.Mode mode, boolean packetInfo, boolean vnetHeader, boolean persistent, boolean multiQueue,
    long owner, long group, int queues) implements LinkKind.Extension {

  @Override
  public String kindName() {
    return "tun";
  }

  /** Always throws: the kernel creates TUN/TAP devices only through {@code /dev/net/tun}. */
  @Override
  public void encodeData(MessageWriter w) {
    throw new UnsupportedOperationException("TUN/TAP devices cannot be created or changed with RTM_NEWLINK: use TunTap.create");
  }

  /**
   * Reads the settings from the attributes of {@code IFLA_INFO_DATA}; data that does not fit
   * gives an {@link UnknownKind} with the attributes as bytes.
   */
  static LinkKind decode(AttributeCursor data) {
    TunTap.Mode mode = TunTap.Mode.TUN;
    boolean pi = false;
    boolean vnet = false;
    boolean persist = false;
    boolean mq = false;
    long owner = -1;
    long group = -1;
    int queues = -1;
    List<RawAttribute> raw = new ArrayList<>();
    boolean understood = true;
    if (data != null) {
      while (data.next()) {
        raw.add(data.raw());
        try {
          switch (data.type()) {
            case IFLA_TUN_TYPE -> mode = data.u8("IFLA_TUN_TYPE") == IflaInfoData.IFF_TAP ? TunTap.Mode.TAP : TunTap.Mode.TUN;
            case IFLA_TUN_PI -> pi = data.u8("IFLA_TUN_PI") != 0;
            case IFLA_TUN_VNET_HDR -> vnet = data.u8("IFLA_TUN_VNET_HDR") != 0;
            case IFLA_TUN_PERSIST -> persist = data.u8("IFLA_TUN_PERSIST") != 0;
            case IFLA_TUN_MULTI_QUEUE -> mq = data.u8("IFLA_TUN_MULTI_QUEUE") != 0;
            case IFLA_TUN_OWNER -> owner = signedId(data.u32("IFLA_TUN_OWNER"));
            case IFLA_TUN_GROUP -> group = signedId(data.u32("IFLA_TUN_GROUP"));
            case IFLA_TUN_NUM_QUEUES -> queues = data.u32("IFLA_TUN_NUM_QUEUES");
            default -> { }
          }
        } catch (MalformedMessageException e) {
          understood = false; // kept as bytes
        }
      }
    }
    if (!understood) {
      return new UnknownKind("tun", raw);
    }
    return new Tun(mode, pi, vnet, persist, mq, owner, group, queues);
  }

  /** The kernel reports "no owner" as (uid_t) -1. */
  private static long signedId(int v) {
    return v == -1 ? -1 : Integer.toUnsignedLong(v);
  }
}
