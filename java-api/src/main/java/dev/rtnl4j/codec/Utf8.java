package dev.rtnl4j.codec;

import java.nio.ByteBuffer;

/** UTF-8 length and encoding of a CharSequence into a buffer, without intermediate arrays. */
final class Utf8 {
  private Utf8() {}

  /** Encoded length in bytes; unpaired surrogates count as '?' (1 byte), as the JDK encoder does. */
  static int length(CharSequence s) {
    int n = s.length();
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len += 1;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        len += 1;
      } else {
        len += 3;
      }
    }
    return len;
  }

  /** Writes the UTF-8 bytes of {@code s} at {@code offset}; returns the number written. */
  static int encode(CharSequence s, ByteBuffer buf, int offset) {
    int p = offset;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf.put(p++, (byte) c);
      } else if (c < 0x800) {
        buf.put(p++, (byte) (0xc0 | (c >> 6)));
        buf.put(p++, (byte) (0x80 | (c & 0x3f)));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf.put(p++, (byte) (0xf0 | (cp >> 18)));
        buf.put(p++, (byte) (0x80 | ((cp >> 12) & 0x3f)));
        buf.put(p++, (byte) (0x80 | ((cp >> 6) & 0x3f)));
        buf.put(p++, (byte) (0x80 | (cp & 0x3f)));
      } else if (Character.isSurrogate(c)) {
        buf.put(p++, (byte) '?');
      } else {
        buf.put(p++, (byte) (0xe0 | (c >> 12)));
        buf.put(p++, (byte) (0x80 | ((c >> 6) & 0x3f)));
        buf.put(p++, (byte) (0x80 | (c & 0x3f)));
      }
    }
    return p - offset;
  }
}
