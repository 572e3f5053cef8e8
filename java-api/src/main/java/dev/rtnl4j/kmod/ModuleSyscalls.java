package dev.rtnl4j.kmod;

import dev.rtnl4j.sys.Syscalls;
import java.nio.ByteBuffer;

/**
 * The system calls the loader makes, each returning {@code >= 0} or {@code -errno}: a seam so the
 * loader's decisions can be tested without a kernel that loads modules.
 */
interface ModuleSyscalls {
  /** {@code open(path, O_RDONLY|O_CLOEXEC)}. */
  int open(String path);

  /** {@code finit_module(fd, params, flags)}. */
  int finitModule(int fd, String params, int flags);

  /** {@code init_module(image, image.remaining(), params)}; {@code image} is a direct buffer. */
  int initModule(ByteBuffer image, String params);

  /** {@code close(fd)}. */
  int close(int fd);

  /** The real system calls, through the native layer. */
  ModuleSyscalls NATIVE = new ModuleSyscalls() {
    @Override
    public int open(String path) {
      return Syscalls.open(path, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    }

    @Override
    public int finitModule(int fd, String params, int flags) {
      return Syscalls.finitModule(fd, params, flags);
    }

    @Override
    public int initModule(ByteBuffer image, String params) {
      return Syscalls.initModule(image, params);
    }

    @Override
    public int close(int fd) {
      return Syscalls.close(fd);
    }
  };
}
