package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The layouts against sizeof/offsetof printed by a C program compiled with gcc against glibc 2.36
 * on x86_64 (Debian 12): msghdr 56 (namelen 8, iov 16, iovlen 24, control 32, controllen 40,
 * flags 48), iovec 16, sockaddr_nl 12, sockaddr_un 110, cmsghdr 16, ucred 12, pollfd 8,
 * CMSG_SPACE(ucred) 32, CMSG_LEN(ucred) 28, posix_spawn_file_actions_t 80, posix_spawnattr_t
 * 336, sigset_t 128, siginfo_t 128 (si_code 8, si_pid 16, si_status 24).
 */
class StructsTest {
  @Test
  void msghdrMatchesGlibc() {
    assertEquals(56, Structs.MSGHDR);
    assertEquals(0, Structs.MSG_NAME);
    assertEquals(8, Structs.MSG_NAMELEN);
    assertEquals(16, Structs.MSG_IOV);
    assertEquals(24, Structs.MSG_IOVLEN);
    assertEquals(32, Structs.MSG_CONTROL);
    assertEquals(40, Structs.MSG_CONTROLLEN);
    assertEquals(48, Structs.MSG_FLAGS);
  }

  @Test
  void socketStructsMatchGlibc() {
    assertEquals(16, Structs.IOVEC);
    assertEquals(12, Structs.SOCKADDR_NL);
    assertEquals(4, Structs.NL_PID);
    assertEquals(8, Structs.NL_GROUPS);
    assertEquals(110, Structs.SOCKADDR_UN);
    assertEquals(16, Structs.CMSG_DATA);
    assertEquals(12, Structs.UCRED);
    assertEquals(32, Structs.CMSG_SPACE_UCRED);
    assertEquals(28, Structs.CMSG_LEN_UCRED);
    assertEquals(8, Structs.POLLFD);
  }

  @Test
  void spawnAndSignalStructsMatchGlibc() {
    assertTrue(Structs.POSIX_SPAWN_FILE_ACTIONS >= 80);
    assertTrue(Structs.POSIX_SPAWNATTR >= 336);
    assertEquals(128, Structs.SIGSET);
    assertEquals(128, Structs.SIGINFO);
    assertEquals(8, Structs.SI_CODE);
    assertEquals(16, Structs.SI_PID);
    assertEquals(24, Structs.SI_STATUS);
    assertEquals(0x80, Spawn.SETSID);
    assertEquals(4, Spawn.SETSIGDEF);
    assertEquals(8, Spawn.SETSIGMASK);
    assertEquals(2, Spawn.SETPGROUP);
  }

  @Test
  void everyStructOfASocketsControlBlockIsEightByteAligned() {
    for (int offset : new int[] {SocketBlock.KERNEL_ADDR, SocketBlock.LOCAL_ADDR, SocketBlock.RECV_ADDR, SocketBlock.SEND_IOV,
        SocketBlock.RECV_IOV, SocketBlock.SEND_MSG, SocketBlock.RECV_MSG, SocketBlock.POLL_FD, SocketBlock.OPT_VALUE}) {
      assertEquals(0, offset % (offset == SocketBlock.OPT_VALUE ? 4 : 8), "offset " + offset);
    }
    SocketBlock block = SocketBlock.allocate();
    assertEquals(0, block.controlAt() % 8, "control block address");
    assertEquals(0, block.bufferAt() % 8, "receive buffer address");
    assertEquals(SocketBlock.CONTROL_SIZE, block.control().capacity());
  }
}
