package dev.rtnl4j.rtnl;

import static dev.rtnl4j.codec.IflaInfoData.IFF_MULTI_QUEUE;
import static dev.rtnl4j.codec.IflaInfoData.IFF_NO_PI;
import static dev.rtnl4j.codec.IflaInfoData.IFF_TAP;
import static dev.rtnl4j.codec.IflaInfoData.IFF_TUN;
import static dev.rtnl4j.codec.IflaInfoData.IFF_TUN_EXCL;
import static dev.rtnl4j.codec.IflaInfoData.IFF_VNET_HDR;

import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.Syscalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Creates TUN and TAP devices the only way the kernel allows: through {@code /dev/net/tun}
 * ({@code TUNSETIFF} with {@code IFF_TUN} or {@code IFF_TAP}, then {@code TUNSETOWNER},
 * {@code TUNSETGROUP}, {@code TUNSETPERSIST}), as {@code ip tuntap add} does. A device belongs to
 * the namespace {@code /dev/net/tun} was opened in: {@link #create(NetNamespace, Spec)} opens it
 * there on a dedicated platform thread.
 *
 * <p>Creation is exclusive ({@code IFF_TUN_EXCL}): an existing link of that name gives
 * {@code EBUSY}; {@link #attach} opens a queue on an existing persistent device instead. A
 * persistent device stays after {@link TunDevice#close()}; delete it like any link
 * ({@link Links#delete}). Failures throw {@link NativeException} with the errno name and the
 * device named; a failure half-way closes the file descriptor, so no half-made device stays.
 */
public final class TunTap {
  private TunTap() {}

  private static final String DEV_NET_TUN = "/dev/net/tun";

  /** TUN (layer 3, IP packets) or TAP (layer 2, Ethernet frames). */
  public enum Mode {
    /** {@code IFF_TUN}. */
    TUN(IFF_TUN),
    /** {@code IFF_TAP}. */
    TAP(IFF_TAP);

    private final int flag;

    Mode(int flag) {
      this.flag = flag;
    }

    /** The {@code IFF_TUN}/{@code IFF_TAP} flag. */
    public int flag() {
      return flag;
    }

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What to create.
   *
   * @param name        the device name (at most 15 bytes; {@code "tap%d"} lets the kernel number it)
   * @param mode        TUN or TAP
   * @param packetInfo  keep the 4-byte packet information header (off: {@code IFF_NO_PI}, as usual)
   * @param vnetHeader  {@code IFF_VNET_HDR}
   * @param multiQueue  {@code IFF_MULTI_QUEUE}
   * @param persistent  {@code TUNSETPERSIST}: the device outlives the file descriptor
   * @param owner       {@code TUNSETOWNER} uid, or -1 for none
   * @param group       {@code TUNSETGROUP} gid, or -1 for none
   */
  public record Spec(String name, Mode mode, boolean packetInfo, boolean vnetHeader, boolean multiQueue,
      boolean persistent, long owner, long group) {
    /** Checks the values. */
    public Spec {
      Objects.requireNonNull(name, "TUN/TAP device name");
      if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length >= IflaInfoData.IFNAMSIZ
          || name.indexOf('/') >= 0 || name.indexOf(' ') >= 0 || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("TUN/TAP device name \"" + name + "\" is not 1..15 bytes without '/', space or NUL");
      }
      Objects.requireNonNull(mode, "TUN/TAP mode");
      if (owner < -1 || owner > 0xfffffffeL) {
        throw new IllegalArgumentException("TUN/TAP owner uid " + owner + " is out of range");
      }
      if (group < -1 || group > 0xfffffffeL) {
        throw new IllegalArgumentException("TUN/TAP group gid " + group + " is out of range");
      }
    }

    /** A TUN device {@code name}, without packet information, not persistent. */
    public static Spec tun(String name) {
      return new Spec(name, Mode.TUN, false, false, false, false, -1, -1);
    }

    /** A TAP device {@code name}, without packet information, not persistent. */
    public static Spec tap(String name) {
      return new Spec(name, Mode.TAP, false, false, false, false, -1, -1);
    }

    /** The same, persistent ({@code TUNSETPERSIST}). */
    public Spec makePersistent() {
      return new Spec(name, mode, packetInfo, vnetHeader, multiQueue, true, owner, group);
    }

    /** The same, owned by user {@code uid}. */
    public Spec ownedBy(long uid) {
      return new Spec(name, mode, packetInfo, vnetHeader, multiQueue, persistent, uid, group);
    }

    /** The same, usable by group {@code gid}. */
    public Spec usableByGroup(long gid) {
      return new Spec(name, mode, packetInfo, vnetHeader, multiQueue, persistent, owner, gid);
    }

    /** The same, with the packet information header. */
    public Spec withPacketInfo() {
      return new Spec(name, mode, true, vnetHeader, multiQueue, persistent, owner, group);
    }

    /** The same, with {@code IFF_VNET_HDR}. */
    public Spec withVnetHeader() {
      return new Spec(name, mode, packetInfo, true, multiQueue, persistent, owner, group);
    }

    /** The same, multi-queue. */
    public Spec withMultiQueue() {
      return new Spec(name, mode, packetInfo, vnetHeader, true, persistent, owner, group);
    }

    /** The {@code ifr_flags} of {@code TUNSETIFF}. */
    int flags() {
      return mode.flag() | (packetInfo ? 0 : IFF_NO_PI) | (vnetHeader ? IFF_VNET_HDR : 0)
          | (multiQueue ? IFF_MULTI_QUEUE : 0);
    }
  }

  /**
   * Creates the device in the calling thread's network namespace.
   *
   * @throws NativeException EBUSY when a link of that name exists, EPERM without CAP_NET_ADMIN,
   *     ENOENT when {@code /dev/net/tun} is missing
   */
  public static TunDevice create(Spec spec) {
    return setUp(openTun(spec), spec, true);
  }

  /**
   * Creates the device in {@code namespace} ({@code /dev/net/tun} is opened there on a dedicated
   * platform thread; the ioctls follow on the calling thread).
   *
   * @throws NativeException as {@link #create(Spec)}, or when the namespace cannot be entered
   */
  public static TunDevice create(NetNamespace namespace, Spec spec) {
    int fd;
    try {
      fd = namespace.call(() -> openTun(spec));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("open " + DEV_NET_TUN + " in " + namespace.label(), e);
    }
    return setUp(fd, spec, true);
  }

  /**
   * Opens one more queue on the existing device {@code spec.name()} (a persistent one, or a
   * multi-queue one); {@code spec}'s mode and flags must match the device's. Owner, group and
   * persistence are left as they are.
   *
   * @throws NativeException EINVAL when the flags do not match, EBUSY when it is attached already
   *     (single-queue)
   */
  public static TunDevice attach(Spec spec) {
    return setUp(openTun(spec), spec, false);
  }

  private static int openTun(Spec spec) {
    int fd = Syscalls.open(DEV_NET_TUN, Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NativeException("open " + DEV_NET_TUN + " to create " + spec.mode().word() + " " + spec.name(), fd);
    }
    return fd;
  }

  private static TunDevice setUp(int fd, Spec spec, boolean create) {
    String what = (create ? "create " : "attach to ") + spec.mode().word() + " " + spec.name();
    try {
      ByteBuffer ifr = ByteBuffer.allocateDirect(IflaInfoData.IFREQ_SIZE).order(ByteOrder.nativeOrder());
      writeIfreq(ifr, spec, create);
      int r = Syscalls.ioctl(fd, IflaInfoData.TUNSETIFF, ifr);
      if (r < 0) {
        throw new NativeException(what + ": ioctl TUNSETIFF", r,
            create && -r == Errno.EBUSY ? "a link of that name exists already" : null);
      }
      String actual = ifreqName(ifr);
      if (create) {
        if (spec.owner() >= 0) {
          check(Syscalls.ioctl(fd, IflaInfoData.TUNSETOWNER, spec.owner()), what + ": ioctl TUNSETOWNER " + spec.owner());
        }
        if (spec.group() >= 0) {
          check(Syscalls.ioctl(fd, IflaInfoData.TUNSETGROUP, spec.group()), what + ": ioctl TUNSETGROUP " + spec.group());
        }
        if (spec.persistent()) {
          check(Syscalls.ioctl(fd, IflaInfoData.TUNSETPERSIST, 1L), what + ": ioctl TUNSETPERSIST");
        }
      }
      return new TunDevice(fd, actual, spec.mode());
    } catch (RuntimeException | Error e) {
      Syscalls.close(fd); // before TUNSETPERSIST succeeded, this removes the device
      throw e;
    }
  }

  /**
   * Fills {@code struct ifreq} for {@code TUNSETIFF}: the name (NUL-padded to {@code IFNAMSIZ}),
   * then {@code ifr_flags}; {@code IFF_TUN_EXCL} when creating.
   */
  static void writeIfreq(ByteBuffer ifr, Spec spec, boolean create) {
    for (int i = 0; i < IflaInfoData.IFREQ_SIZE; i++) {
      ifr.put(i, (byte) 0);
    }
    byte[] name = spec.name().getBytes(StandardCharsets.UTF_8);
    ifr.put(0, name);
    ifr.putShort(IflaInfoData.IFNAMSIZ, (short) (spec.flags() | (create ? IFF_TUN_EXCL : 0)));
  }

  /** The name the kernel wrote back into {@code ifr_name} (NUL-terminated within {@code IFNAMSIZ}). */
  static String ifreqName(ByteBuffer ifr) {
    int n = 0;
    while (n < IflaInfoData.IFNAMSIZ && ifr.get(n) != 0) {
      n++;
    }
    byte[] b = new byte[n];
    ifr.get(0, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static void check(int r, String what) {
    if (r < 0) {
      throw new NativeException(what, r);
    }
  }
}
