package dev.rtnl4j.nft;

import java.util.Locale;

/** A transport protocol a port is forwarded for, with its IP protocol number. */
public enum Protocol {
  /** TCP, IP protocol 6. */
  TCP(6),
  /** UDP, IP protocol 17. */
  UDP(17);

  private final int number;

  Protocol(int number) {
    this.number = number;
  }

  /** The IP protocol number ({@code IPPROTO_TCP}, {@code IPPROTO_UDP}). */
  public int number() {
    return number;
  }

  /** The name as nft and containers.nix write it: {@code tcp}, {@code udp}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The protocol named {@code text} ({@code "tcp"} or {@code "udp"}, any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Protocol of(String text) {
    if (text != null) {
      for (Protocol p : values()) {
        if (p.text().equalsIgnoreCase(text)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("protocol \"" + text + "\": must be tcp or udp");
  }
}
