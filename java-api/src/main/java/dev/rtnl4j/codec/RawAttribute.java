package dev.rtnl4j.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute kept as bytes: what the typed records hold for every attribute they do not model,
 * so that a message read and written back loses nothing. {@link #type()} is the full 16-bit
 * {@code nla_type}, flags ({@link Nl#NLA_F_NESTED}) included. Immutable.
 */
public final class RawAttribute {
  private final int type;
  private final byte[] value;

  /** Copies {@code value}; {@code type} must fit in 16 bits. */
  public RawAttribute(int type, byte[] value) {
    this(check(type), value.clone(), true);
  }

  private RawAttribute(int type, byte[] value, boolean owned) {
    this.type = type;
    this.value = value;
  }

  private static int check(int type) {
    if ((type & ~0xffff) != 0) {
      throw new IllegalArgumentException("attribute type " + type + " does not fit in 16 bits");
    }
    return type;
  }

  /** Takes {@code value} without copying (the caller hands it over). */
  static RawAttribute owning(int type, byte[] value) {
    return new RawAttribute(check(type), value, true);
  }

  /** The full {@code nla_type}, flags included. */
  public int type() {
    return type;
  }

  /** The type without the nested / byte-order flags. */
  public int kind() {
    return type & Nl.NLA_TYPE_MASK;
  }

  /** A copy of the payload. */
  public byte[] value() {
    return value.clone();
  }

  /** Payload length in bytes. */
  public int length() {
    return value.length;
  }

  byte[] valueNoCopy() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawAttribute r && r.type == type && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return type * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "RawAttribute[type=" + type + ", value=" + HexFormat.of().formatHex(value) + "]";
  }
}
