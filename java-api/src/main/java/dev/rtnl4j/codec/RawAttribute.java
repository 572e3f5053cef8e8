package dev.rtnl4j.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute kept as bytes: what the typed records hold for every attribute they do not model,
 * so that a message read and written back loses nothing. {@code type} is the full 16-bit
 * {@code nla_type}, flags ({@link Nl#NLA_F_NESTED}) included.
 */
public record RawAttribute(int type, byte[] value) {
  /** Copies {@code value}; {@code type} must fit in 16 bits. */
  public RawAttribute {
    if ((type & ~0xffff) != 0) {
      throw new IllegalArgumentException("attribute type " + type + " does not fit in 16 bits");
    }
    value = value.clone();
  }

  /** The type without the nested / byte-order flags. */
  public int kind() {
    return type & Nl.NLA_TYPE_MASK;
  }

  /** A copy of the payload. */
  @Override
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
