package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrnoTest {
  @Test
  void namesOfCommonErrnos() {
    assertEquals("EPERM", Errno.name(1));
    assertEquals("EEXIST", Errno.name(Errno.EEXIST));
    assertEquals("ENODEV", Errno.name(19));
    assertEquals("ENOBUFS", Errno.name(105));
    assertEquals("EHWPOISON", Errno.name(133));
    assertEquals("ENOENT", Errno.name(-2), "a -errno return value is accepted as is");
  }

  @Test
  void unusedAndOutOfRangeNumbersGetANumericName() {
    assertEquals("errno 41", Errno.name(41));
    assertEquals("errno 58", Errno.name(58));
    assertEquals("errno 134", Errno.name(134));
    assertEquals("errno 0", Errno.name(0));
    assertFalse(Errno.known(41));
  }

  @Test
  void everyNumberFrom1To133ExceptTheTwoGapsHasAUniqueName() {
    Set<String> seen = new HashSet<>();
    for (int i = 1; i <= 133; i++) {
      if (i == 41 || i == 58) {
        continue;
      }
      String n = Errno.name(i);
      assertTrue(Errno.known(i), "errno " + i);
      assertTrue(n.matches("E[A-Z0-9]+"), n);
      assertTrue(seen.add(n), "duplicate " + n);
      assertEquals(i, Errno.number(n));
    }
    assertEquals(131, seen.size());
    assertEquals(133, Errno.MAX);
  }

  @Test
  void aliasesResolveToThePrimaryNumber() {
    assertEquals(Errno.EAGAIN, Errno.number("EWOULDBLOCK"));
    assertEquals(Errno.EDEADLK, Errno.number("EDEADLOCK"));
    assertEquals(Errno.EOPNOTSUPP, Errno.number("ENOTSUP"));
    assertEquals(-1, Errno.number("ENOPE"));
  }

  @Test
  void describeIsTheCLibraryText() {
    assertEquals("No such file or directory", Errno.describe(Errno.ENOENT));
    assertEquals("File exists", Errno.describe(-Errno.EEXIST));
    assertEquals("Function not implemented", Errno.describe(Errno.ENOSYS));
  }

  /** The table against the kernel headers it was generated from, when they are installed. */
  @Test
  void tableMatchesTheKernelHeaders() throws IOException {
    Path base = Path.of("/usr/include/asm-generic/errno-base.h");
    Path more = Path.of("/usr/include/asm-generic/errno.h");
    Require.that(Files.exists(base) && Files.exists(more), "kernel headers missing: install the Debian package linux-libc-dev");
    Pattern p = Pattern.compile("^#define\\s+(E\\w+)\\s+(\\d+)", Pattern.MULTILINE);
    Map<Integer, String> fromHeaders = new HashMap<>();
    for (Path h : new Path[] {base, more}) {
      Matcher m = p.matcher(Files.readString(h));
      while (m.find()) {
        fromHeaders.put(Integer.parseInt(m.group(2)), m.group(1));
      }
    }
    assertEquals(131, fromHeaders.size());
    for (int i = 1; i <= 133; i++) {
      if (fromHeaders.containsKey(i)) {
        assertEquals(fromHeaders.get(i), Errno.name(i), "errno " + i);
      } else {
        assertFalse(Errno.known(i), "errno " + i);
      }
    }
  }

  @Test
  void nativeExceptionCarriesNameOperationAndText() {
    NativeException e = new NativeException("sendmsg", Errno.EBADF);
    assertEquals("sendmsg: EBADF (Bad file descriptor)", e.getMessage());
    assertEquals(9, e.errno());
    assertEquals("EBADF", e.errnoName());
    assertEquals("sendmsg", e.operation());
    assertNull(e.detail());
    NativeException d = new NativeException("create link veth0", -Errno.EEXIST, "kernel says: exists");
    assertEquals("create link veth0: EEXIST (File exists): kernel says: exists", d.getMessage());
    assertEquals(17, d.errno());
  }
}
