package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageWriter;
import java.time.Duration;

/**
 * An Ethernet bridge ({@code bridge}). Each setting may be null: left to the kernel's default when
 * creating, left unchanged when changing. Times are carried in the kernel's centiseconds.
 *
 * @param stp             spanning tree protocol on ({@code IFLA_BR_STP_STATE})
 * @param forwardDelay    forward delay ({@code IFLA_BR_FORWARD_DELAY}, 2..30 s with STP)
 * @param vlanFiltering   VLAN filtering on ({@code IFLA_BR_VLAN_FILTERING})
 * @param ageingTime      FDB ageing time ({@code IFLA_BR_AGEING_TIME})
 */
public record Bridge(Boolean stp, Duration forwardDelay, Boolean vlanFiltering, Duration ageingTime) implements LinkKind {

  /** A bridge with every setting at the kernel's default. */
  public static Bridge defaults() {
    return new Bridge(null, null, null, null);
  }

  /** With STP on or off. */
  public Bridge withStp(boolean on) {
    return new Bridge(on, forwardDelay, vlanFiltering, ageingTime);
  }

  /** With forward delay {@code d}. */
  public Bridge withForwardDelay(Duration d) {
    return new Bridge(stp, d, vlanFiltering, ageingTime);
  }

  /** With VLAN filtering on or off. */
  public Bridge withVlanFiltering(boolean on) {
    return new Bridge(stp, forwardDelay, on, ageingTime);
  }

  /** With ageing time {@code d}. */
  public Bridge withAgeingTime(Duration d) {
    return new Bridge(stp, forwardDelay, vlanFiltering, d);
  }

  /** Checks the times fit the kernel's 32-bit centiseconds. */
  public Bridge {
    centis(forwardDelay, "forward delay");
    centis(ageingTime, "ageing time");
  }

  private static int centis(Duration d, String what) {
    if (d == null) {
      return 0;
    }
    long cs = d.toMillis() / 10;
    if (d.isNegative() || cs > 0xffffffffL) {
      throw new IllegalArgumentException("bridge " + what + " " + d + " is out of range");
    }
    return (int) cs;
  }

  @Override
  public String kindName() {
    return "bridge";
  }

  @Override
  public void encodeData(MessageWriter w) {
    if (forwardDelay != null) {
      w.u32(Ifla.IFLA_BR_FORWARD_DELAY, centis(forwardDelay, "forward delay"));
    }
    if (ageingTime != null) {
      w.u32(Ifla.IFLA_BR_AGEING_TIME, centis(ageingTime, "ageing time"));
    }
    if (stp != null) {
      w.u32(Ifla.IFLA_BR_STP_STATE, stp ? 1 : 0);
    }
    if (vlanFiltering != null) {
      w.u8(Ifla.IFLA_BR_VLAN_FILTERING, vlanFiltering ? 1 : 0);
    }
  }

  /** Reads the settings from the attributes of {@code IFLA_INFO_DATA}. */
  static Bridge decode(AttributeCursor data) {
    Boolean stp = null;
    Duration fd = null;
    Boolean vf = null;
    Duration age = null;
    while (data.next()) {
      switch (data.type()) {
        case Ifla.IFLA_BR_STP_STATE -> stp = data.u32("IFLA_BR_STP_STATE") != 0;
        case Ifla.IFLA_BR_FORWARD_DELAY -> fd = Duration.ofMillis(Integer.toUnsignedLong(data.u32("IFLA_BR_FORWARD_DELAY")) * 10);
        case Ifla.IFLA_BR_VLAN_FILTERING -> vf = data.u8("IFLA_BR_VLAN_FILTERING") != 0;
        case Ifla.IFLA_BR_AGEING_TIME -> age = Duration.ofMillis(Integer.toUnsignedLong(data.u32("IFLA_BR_AGEING_TIME")) * 10);
        default -> { }
      }
    }
    return new Bridge(stp, fd, vf, age);
  }
}
