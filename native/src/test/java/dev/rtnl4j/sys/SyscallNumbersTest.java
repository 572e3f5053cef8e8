package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The system call numbers rtnl4j makes through syscall(2) are the kernel's own (linux-libc-dev's x86_64 header). */
class SyscallNumbersTest {
  private static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

  @Test
  void everyNumberIsTheX8664HeadersNumberForThatCall() throws Exception {
    Require.that(Files.isReadable(HEADER), HEADER + " is missing: install the Debian package linux-libc-dev (bin/test does, as root)");
    Map<String, Long> kernel = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+) (\\d+)$").matcher(Files.readString(HEADER));
    while (m.find()) {
      kernel.put(m.group(1), Long.parseLong(m.group(2)));
    }
    Map<String, Long> ours = Map.of("pwrite64", SyscallNumbers.PWRITE64, "getpid", SyscallNumbers.GETPID,
        "init_module", SyscallNumbers.INIT_MODULE, "gettid", SyscallNumbers.GETTID,
        "unlinkat", SyscallNumbers.UNLINKAT, "renameat", SyscallNumbers.RENAMEAT,
        "finit_module", SyscallNumbers.FINIT_MODULE, "pidfd_send_signal", SyscallNumbers.PIDFD_SEND_SIGNAL,
        "pidfd_open", SyscallNumbers.PIDFD_OPEN);
    ours.forEach((call, number) -> {
      assertNotNull(kernel.get(call), call + " is in " + HEADER);
      assertEquals(kernel.get(call), number, "__NR_" + call);
    });
  }
}
