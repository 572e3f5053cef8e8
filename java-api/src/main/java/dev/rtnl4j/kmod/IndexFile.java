package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One of kmod's binary trie indexes ({@code modules.dep.bin}, {@code modules.alias.bin},
 * {@code modules.symbols.bin}, {@code modules.builtin.bin}, {@code modules.builtin.alias.bin}),
 * memory-mapped read-only.
 *
 * <p>Format (libkmod-index.c): a header of three big-endian u32 (magic {@code 0xB007F457}, version
 * {@code 0x0002xxxx}, root node offset), then nodes. A node offset carries flags in its top bits:
 * {@code 0x80000000} the node has a NUL-terminated prefix, {@code 0x40000000} it has values,
 * {@code 0x20000000} it has children ({@code first}, {@code last} bytes, then
 * {@code last - first + 1} u32 child offsets); {@code 0x0FFFFFFF} is the offset itself. Values are
 * a u32 count, then per value a u32 priority and a NUL-terminated string.
 *
 * <p>Every read is bounds-checked: a corrupt file gives a {@link CorruptIndexException} naming the
 * file and offset. Thread-safe; the mapping is released once the index is unreachable.
 */
final class IndexFile implements KeyIndex {
  static final int MAGIC = 0xB007F457;
  static final int VERSION_MAJOR = 0x0002;
  static final int NODE_PREFIX = 0x80000000;
  static final int NODE_VALUES = 0x40000000;
  static final int NODE_CHILDS = 0x20000000;
  static final int NODE_MASK = 0x0FFFFFFF;
  /** Deeper than any real key (aliases run to a few hundred bytes): protects the recursive walks from a cycle in a corrupt file. */
  private static final int MAX_DEPTH = 1024;

  private final Path file;
  /** The file, read-only and big-endian. A MappedByteBuffer rather than a MemorySegment: the same
   *  mapping, and much less to initialise in a fresh JVM (module tools often run once). */
  private final ByteBuffer data;
  private final long size;
  private final int root;

  private IndexFile(Path file, ByteBuffer data) {
    this.file = file;
    this.data = data.order(ByteOrder.BIG_ENDIAN);
    this.size = data.capacity();
    if (size < 12) {
      throw corrupt(0, "file is " + size + " bytes, shorter than the 12-byte header");
    }
    int magic = data.getInt(0);
    if (magic != MAGIC) {
      throw corrupt(0, String.format("magic 0x%08X instead of 0x%08X", magic, MAGIC));
    }
    int version = data.getInt(4);
    if (version >>> 16 != VERSION_MAJOR) {
      throw corrupt(4, String.format("major version %d instead of %d", version >>> 16, VERSION_MAJOR));
    }
    this.root = data.getInt(8);
  }

  /**
   * Maps {@code file}.
   *
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws IOException when it cannot be read
   * @throws CorruptIndexException when its header is not a kmod index header
   */
  static IndexFile open(Path file) throws IOException {
    // The mapping goes when the buffer is unreachable (kmod's indexes are a few MB at most).
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new CorruptIndexException(file, 0, "file is " + size + " bytes, larger than any kmod index");
      }
      return new IndexFile(file, ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
    }
  }

  /** Wraps bytes already in memory (tests, fuzzing). */
  static IndexFile of(Path name, byte[] bytes) {
    return new IndexFile(name, ByteBuffer.wrap(bytes.clone()));
  }

  @Override
  public Path file() {
    return file;
  }

  /** The first value stored under exactly {@code key}, or null (kmod's {@code index_search}). */
  @Override
  public String search(String key) {
    int nodeRef = root;
    int i = 0;
    int klen = key.length();
    while (true) {
      long pos = nodeStart(nodeRef);
      if (pos < 0) {
        return null;
      }
      if ((nodeRef & NODE_PREFIX) != 0) {
        long j = pos;
        while (true) {
          byte b = byteAt(j);
          if (b == 0) {
            break;
          }
          if (i >= klen || key.charAt(i) != (char) (b & 0xff)) {
            return null;
          }
          i++;
          j++;
        }
        pos = j + 1;
      }
      int first = 128;
      int last = 0;
      long children = 0;
      if ((nodeRef & NODE_CHILDS) != 0) {
        first = byteAt(pos) & 0xff;
        last = byteAt(pos + 1) & 0xff;
        if (first > last) {
          throw corrupt(pos, "child range first " + first + " > last " + last);
        }
        children = pos + 2;
        pos = children + 4L * (last - first + 1);
      }
      if (i == klen) {
        if ((nodeRef & NODE_VALUES) == 0) {
          return null;
        }
        int count = u32(pos);
        if (count == 0) {
          return null;
        }
        return string(pos + 8);
      }
      int ch = key.charAt(i);
      if (ch < first || ch > last) {
        return null;
      }
      nodeRef = u32(children + 4L * (ch - first));
      i++;
    }
  }

  /**
   * Every value whose key, read as a wildcard pattern, matches {@code key}, ordered by priority
   * as kmod orders them (kmod's {@code index_searchwild}: equal priorities come out with the
   * last found first).
   */
  @Override
  public List<String> searchWild(String key) {
    List<Value> out = new ArrayList<>(4);
    StringBuilder buf = new StringBuilder(64);
    int nodeRef = root;
    int i = 0;
    int klen = key.length();
    while (true) {
      long pos = nodeStart(nodeRef);
      if (pos < 0) {
        break;
      }
      Node n = readNode(nodeRef, pos);
      boolean done = false;
      for (int j = 0; j < n.prefixLength; j++) {
        char ch = (char) (byteAt(n.prefixPos + j) & 0xff);
        if (ch == '*' || ch == '?' || ch == '[') {
          searchWildAll(n, j, buf, key.substring(Math.min(i + j, klen)), out, 0);
          done = true;
          break;
        }
        if (i + j >= klen || key.charAt(i + j) != ch) {
          done = true;
          break;
        }
      }
      if (done) {
        break;
      }
      i += n.prefixLength;
      for (char w : new char[] {'*', '?', '['}) {
        int child = n.child(w);
        if (child != 0 && nodeStart(child) >= 0) {
          buf.append(w);
          searchWildAll(readNode(child, nodeStart(child)), 0, buf, key.substring(i), out, 1);
          buf.setLength(buf.length() - 1);
        }
      }
      if (i == klen) {
        addAll(n, out);
        break;
      }
      char ch = key.charAt(i);
      nodeRef = n.child(ch);
      i++;
    }
    List<String> values = new ArrayList<>(out.size());
    for (Value v : out) {
      values.add(v.value);
    }
    return values;
  }

  /** Calls {@code sink} with every (key, value) pair, in trie order (kmod's {@code index_dump}). */
  @Override
  public void dump(BiConsumer<String, String> sink) {
    long pos = nodeStart(root);
    if (pos < 0) {
      return;
    }
    dumpNode(readNode(root, pos), new StringBuilder(), sink, 0);
  }

  private void dumpNode(Node n, StringBuilder buf, BiConsumer<String, String> sink, int depth) {
    if (depth > MAX_DEPTH) {
      throw corrupt(n.pos, "trie deeper than " + MAX_DEPTH + " levels (a cycle?)");
    }
    int pushed = n.prefixLength;
    appendBytes(buf, n.prefixPos, n.prefixLength);
    if (n.valueCount > 0) {
      String k = buf.toString();
      long v = n.valuesPos;
      for (int c = 0; c < n.valueCount; c++) {
        long s = v + 4;
        long end = stringEnd(s);
        sink.accept(k, decode(s, end));
        v = end + 1;
      }
    }
    for (int ch = n.first; ch <= n.last; ch++) {
      int child = n.child((char) ch);
      long cpos = nodeStart(child);
      if (cpos < 0) {
        continue;
      }
      buf.append((char) ch);
      dumpNode(readNode(child, cpos), buf, sink, depth + 1);
      buf.setLength(buf.length() - 1);
    }
    buf.setLength(buf.length() - pushed);
  }

  private void searchWildAll(Node n, int j, StringBuilder buf, String subkey, List<Value> out, int depth) {
    if (depth > MAX_DEPTH) {
      throw corrupt(n.pos, "trie deeper than " + MAX_DEPTH + " levels (a cycle?)");
    }
    int pushed = n.prefixLength - j;
    appendBytes(buf, n.prefixPos + j, pushed);
    for (int ch = n.first; ch <= n.last; ch++) {
      int child = n.child((char) ch);
      long cpos = nodeStart(child);
      if (cpos < 0) {
        continue;
      }
      buf.append((char) ch);
      searchWildAll(readNode(child, cpos), 0, buf, subkey, out, depth + 1);
      buf.setLength(buf.length() - 1);
    }
    if (n.valueCount > 0 && Fnmatch.matches(buf.toString(), subkey)) {
      addAll(n, out);
    }
    buf.setLength(buf.length() - pushed);
  }

  private void addAll(Node n, List<Value> out) {
    long v = n.valuesPos;
    for (int c = 0; c < n.valueCount; c++) {
      int priority = u32(v);
      long s = v + 4;
      long end = stringEnd(s);
      Value value = new Value(priority, decode(s, end));
      int at = 0;
      while (at < out.size() && Integer.compareUnsigned(out.get(at).priority, priority) < 0) {
        at++;
      }
      out.add(at, value);
      v = end + 1;
    }
  }

  private record Value(int priority, String value) {}

  /** A decoded node header: positions of its parts, all bounds-checked. */
  private final class Node {
    final long pos;
    final long prefixPos;
    final int prefixLength;
    final int first;
    final int last;
    final long childrenPos;
    final int valueCount;
    final long valuesPos;

    Node(int ref, long pos) {
      this.pos = pos;
      long p = pos;
      if ((ref & NODE_PREFIX) != 0) {
        long end = stringEnd(p);
        prefixPos = p;
        prefixLength = (int) (end - p);
        p = end + 1;
      } else {
        prefixPos = p;
        prefixLength = 0;
      }
      if ((ref & NODE_CHILDS) != 0) {
        first = byteAt(p) & 0xff;
        last = byteAt(p + 1) & 0xff;
        if (first > last) {
          throw corrupt(p, "child range first " + first + " > last " + last);
        }
        childrenPos = p + 2;
        p = childrenPos + 4L * (last - first + 1);
        if (p > size) {
          throw corrupt(childrenPos, "child table runs past the end of the file");
        }
      } else {
        first = 128;
        last = 0;
        childrenPos = 0;
      }
      if ((ref & NODE_VALUES) != 0) {
        int count = u32(p);
        if (count < 0 || count > (size - p) / 5) {
          throw corrupt(p, "value count " + Integer.toUnsignedString(count) + " cannot fit in the file");
        }
        valueCount = count;
        valuesPos = p + 4;
      } else {
        valueCount = 0;
        valuesPos = 0;
      }
    }

    /** The raw offset word of the child for {@code ch}, or 0. */
    int child(char ch) {
      if (ch < first || ch > last) {
        return 0;
      }
      return u32(childrenPos + 4L * (ch - first));
    }
  }

  private Node readNode(int ref, long pos) {
    return new Node(ref, pos);
  }

  /** The file position of the node {@code ref} points at, or -1 for "no node". */
  private long nodeStart(int ref) {
    long off = ref & NODE_MASK;
    if (off == 0) {
      return -1;
    }
    if (off >= size) {
      throw corrupt(off, "node offset past the end of the file (" + size + " bytes)");
    }
    return off;
  }

  private byte byteAt(long pos) {
    if (pos < 0 || pos >= size) {
      throw corrupt(pos, "read past the end of the file (" + size + " bytes)");
    }
    return data.get((int) pos);
  }

  private int u32(long pos) {
    if (pos < 0 || pos + 4 > size) {
      throw corrupt(pos, "u32 read past the end of the file (" + size + " bytes)");
    }
    return data.getInt((int) pos);
  }

  private long stringEnd(long pos) {
    for (long p = pos; p < size; p++) {
      if (data.get((int) p) == 0) {
        return p;
      }
    }
    throw corrupt(pos, "string without terminating NUL");
  }

  private String string(long pos) {
    return decode(pos, stringEnd(pos));
  }

  private String decode(long from, long to) {
    byte[] b = new byte[(int) (to - from)];
    data.get((int) from, b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private void appendBytes(StringBuilder buf, long from, int len) {
    for (int k = 0; k < len; k++) {
      buf.append((char) (byteAt(from + k) & 0xff));
    }
  }

  private CorruptIndexException corrupt(long offset, String problem) {
    return new CorruptIndexException(file, offset, problem);
  }

  /** Nothing to do: the mapping is released when no longer reachable. */
  @Override
  public void close() {}
}
