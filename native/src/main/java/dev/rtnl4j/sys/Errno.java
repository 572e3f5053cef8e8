package dev.rtnl4j.sys;

/**
 * Linux errno numbers (x86_64, 1..133) and their symbolic names.
 *
 * <p>The names come from a fixed table generated from the kernel's {@code asm-generic/errno-base.h}
 * and {@code asm-generic/errno.h} (numbers 41 and 58 are unused on x86_64; aliases such as
 * {@code EWOULDBLOCK} = {@code EAGAIN}, {@code EDEADLOCK} = {@code EDEADLK} and {@code ENOTSUP} =
 * {@code EOPNOTSUPP} are constants here but {@link #name} gives the primary name). The text of
 * {@link #describe} is the C library's {@code strerror}. Nothing here throws.
 */
public final class Errno {
  private Errno() {}

  /** Operation not permitted. */
  public static final int EPERM = 1;
  /** No such file or directory. */
  public static final int ENOENT = 2;
  /** No such process. */
  public static final int ESRCH = 3;
  /** Interrupted system call. */
  public static final int EINTR = 4;
  /** I/O error. */
  public static final int EIO = 5;
  /** No such device or address. */
  public static final int ENXIO = 6;
  /** Argument list too long. */
  public static final int E2BIG = 7;
  /** Exec format error. */
  public static final int ENOEXEC = 8;
  /** Bad file number. */
  public static final int EBADF = 9;
  /** No child processes. */
  public static final int ECHILD = 10;
  /** Try again. */
  public static final int EAGAIN = 11;
  /** Out of memory. */
  public static final int ENOMEM = 12;
  /** Permission denied. */
  public static final int EACCES = 13;
  /** Bad address. */
  public static final int EFAULT = 14;
  /** Block device required. */
  public static final int ENOTBLK = 15;
  /** Device or resource busy. */
  public static final int EBUSY = 16;
  /** File exists. */
  public static final int EEXIST = 17;
  /** Cross-device link. */
  public static final int EXDEV = 18;
  /** No such device. */
  public static final int ENODEV = 19;
  /** Not a directory. */
  public static final int ENOTDIR = 20;
  /** Is a directory. */
  public static final int EISDIR = 21;
  /** Invalid argument. */
  public static final int EINVAL = 22;
  /** File table overflow. */
  public static final int ENFILE = 23;
  /** Too many open files. */
  public static final int EMFILE = 24;
  /** Not a typewriter. */
  public static final int ENOTTY = 25;
  /** Text file busy. */
  public static final int ETXTBSY = 26;
  /** File too large. */
  public static final int EFBIG = 27;
  /** No space left on device. */
  public static final int ENOSPC = 28;
  /** Illegal seek. */
  public static final int ESPIPE = 29;
  /** Read-only file system. */
  public static final int EROFS = 30;
  /** Too many links. */
  public static final int EMLINK = 31;
  /** Broken pipe. */
  public static final int EPIPE = 32;
  /** Math argument out of domain of func. */
  public static final int EDOM = 33;
  /** Math result not representable. */
  public static final int ERANGE = 34;
  /** Resource deadlock would occur. */
  public static final int EDEADLK = 35;
  /** File name too long. */
  public static final int ENAMETOOLONG = 36;
  /** No record locks available. */
  public static final int ENOLCK = 37;
  /** Invalid system call number. */
  public static final int ENOSYS = 38;
  /** Directory not empty. */
  public static final int ENOTEMPTY = 39;
  /** Too many symbolic links encountered. */
  public static final int ELOOP = 40;
  /** No message of desired type. */
  public static final int ENOMSG = 42;
  /** Identifier removed. */
  public static final int EIDRM = 43;
  /** Channel number out of range. */
  public static final int ECHRNG = 44;
  /** Level 2 not synchronized. */
  public static final int EL2NSYNC = 45;
  /** Level 3 halted. */
  public static final int EL3HLT = 46;
  /** Level 3 reset. */
  public static final int EL3RST = 47;
  /** Link number out of range. */
  public static final int ELNRNG = 48;
  /** Protocol driver not attached. */
  public static final int EUNATCH = 49;
  /** No CSI structure available. */
  public static final int ENOCSI = 50;
  /** Level 2 halted. */
  public static final int EL2HLT = 51;
  /** Invalid exchange. */
  public static final int EBADE = 52;
  /** Invalid request descriptor. */
  public static final int EBADR = 53;
  /** Exchange full. */
  public static final int EXFULL = 54;
  /** No anode. */
  public static final int ENOANO = 55;
  /** Invalid request code. */
  public static final int EBADRQC = 56;
  /** Invalid slot. */
  public static final int EBADSLT = 57;
  /** Bad font file format. */
  public static final int EBFONT = 59;
  /** Device not a stream. */
  public static final int ENOSTR = 60;
  /** No data available. */
  public static final int ENODATA = 61;
  /** Timer expired. */
  public static final int ETIME = 62;
  /** Out of streams resources. */
  public static final int ENOSR = 63;
  /** Machine is not on the network. */
  public static final int ENONET = 64;
  /** Package not installed. */
  public static final int ENOPKG = 65;
  /** Object is remote. */
  public static final int EREMOTE = 66;
  /** Link has been severed. */
  public static final int ENOLINK = 67;
  /** Advertise error. */
  public static final int EADV = 68;
  /** Srmount error. */
  public static final int ESRMNT = 69;
  /** Communication error on send. */
  public static final int ECOMM = 70;
  /** Protocol error. */
  public static final int EPROTO = 71;
  /** Multihop attempted. */
  public static final int EMULTIHOP = 72;
  /** RFS specific error. */
  public static final int EDOTDOT = 73;
  /** Not a data message. */
  public static final int EBADMSG = 74;
  /** Value too large for defined data type. */
  public static final int EOVERFLOW = 75;
  /** Name not unique on network. */
  public static final int ENOTUNIQ = 76;
  /** File descriptor in bad state. */
  public static final int EBADFD = 77;
  /** Remote address changed. */
  public static final int EREMCHG = 78;
  /** Can not access a needed shared library. */
  public static final int ELIBACC = 79;
  /** Accessing a corrupted shared library. */
  public static final int ELIBBAD = 80;
  /** .lib section in a.out corrupted. */
  public static final int ELIBSCN = 81;
  /** Attempting to link in too many shared libraries. */
  public static final int ELIBMAX = 82;
  /** Cannot exec a shared library directly. */
  public static final int ELIBEXEC = 83;
  /** Illegal byte sequence. */
  public static final int EILSEQ = 84;
  /** Interrupted system call should be restarted. */
  public static final int ERESTART = 85;
  /** Streams pipe error. */
  public static final int ESTRPIPE = 86;
  /** Too many users. */
  public static final int EUSERS = 87;
  /** Socket operation on non-socket. */
  public static final int ENOTSOCK = 88;
  /** Destination address required. */
  public static final int EDESTADDRREQ = 89;
  /** Message too long. */
  public static final int EMSGSIZE = 90;
  /** Protocol wrong type for socket. */
  public static final int EPROTOTYPE = 91;
  /** Protocol not available. */
  public static final int ENOPROTOOPT = 92;
  /** Protocol not supported. */
  public static final int EPROTONOSUPPORT = 93;
  /** Socket type not supported. */
  public static final int ESOCKTNOSUPPORT = 94;
  /** Operation not supported on transport endpoint. */
  public static final int EOPNOTSUPP = 95;
  /** Protocol family not supported. */
  public static final int EPFNOSUPPORT = 96;
  /** Address family not supported by protocol. */
  public static final int EAFNOSUPPORT = 97;
  /** Address already in use. */
  public static final int EADDRINUSE = 98;
  /** Cannot assign requested address. */
  public static final int EADDRNOTAVAIL = 99;
  /** Network is down. */
  public static final int ENETDOWN = 100;
  /** Network is unreachable. */
  public static final int ENETUNREACH = 101;
  /** Network dropped connection because of reset. */
  public static final int ENETRESET = 102;
  /** Software caused connection abort. */
  public static final int ECONNABORTED = 103;
  /** Connection reset by peer. */
  public static final int ECONNRESET = 104;
  /** No buffer space available. */
  public static final int ENOBUFS = 105;
  /** Transport endpoint is already connected. */
  public static final int EISCONN = 106;
  /** Transport endpoint is not connected. */
  public static final int ENOTCONN = 107;
  /** Cannot send after transport endpoint shutdown. */
  public static final int ESHUTDOWN = 108;
  /** Too many references: cannot splice. */
  public static final int ETOOMANYREFS = 109;
  /** Connection timed out. */
  public static final int ETIMEDOUT = 110;
  /** Connection refused. */
  public static final int ECONNREFUSED = 111;
  /** Host is down. */
  public static final int EHOSTDOWN = 112;
  /** No route to host. */
  public static final int EHOSTUNREACH = 113;
  /** Operation already in progress. */
  public static final int EALREADY = 114;
  /** Operation now in progress. */
  public static final int EINPROGRESS = 115;
  /** Stale file handle. */
  public static final int ESTALE = 116;
  /** Structure needs cleaning. */
  public static final int EUCLEAN = 117;
  /** Not a XENIX named type file. */
  public static final int ENOTNAM = 118;
  /** No XENIX semaphores available. */
  public static final int ENAVAIL = 119;
  /** Is a named type file. */
  public static final int EISNAM = 120;
  /** Remote I/O error. */
  public static final int EREMOTEIO = 121;
  /** Quota exceeded. */
  public static final int EDQUOT = 122;
  /** No medium found. */
  public static final int ENOMEDIUM = 123;
  /** Wrong medium type. */
  public static final int EMEDIUMTYPE = 124;
  /** Operation Canceled. */
  public static final int ECANCELED = 125;
  /** Required key not available. */
  public static final int ENOKEY = 126;
  /** Key has expired. */
  public static final int EKEYEXPIRED = 127;
  /** Key has been revoked. */
  public static final int EKEYREVOKED = 128;
  /** Key was rejected by service. */
  public static final int EKEYREJECTED = 129;
  /** Owner died. */
  public static final int EOWNERDEAD = 130;
  /** State not recoverable. */
  public static final int ENOTRECOVERABLE = 131;
  /** Operation not possible due to RF-kill. */
  public static final int ERFKILL = 132;
  /** Memory page has hardware error. */
  public static final int EHWPOISON = 133;
  /** Alias of {@link #EAGAIN}. */
  public static final int EWOULDBLOCK = EAGAIN;
  /** Alias of {@link #EDEADLK}. */
  public static final int EDEADLOCK = EDEADLK;
  /** Alias of {@link #EOPNOTSUPP}. */
  public static final int ENOTSUP = EOPNOTSUPP;

  private static final String[] NAMES = {
    null,
    "EPERM", // 1
    "ENOENT", // 2
    "ESRCH", // 3
    "EINTR", // 4
    "EIO", // 5
    "ENXIO", // 6
    "E2BIG", // 7
    "ENOEXEC", // 8
    "EBADF", // 9
    "ECHILD", // 10
    "EAGAIN", // 11
    "ENOMEM", // 12
    "EACCES", // 13
    "EFAULT", // 14
    "ENOTBLK", // 15
    "EBUSY", // 16
    "EEXIST", // 17
    "EXDEV", // 18
    "ENODEV", // 19
    "ENOTDIR", // 20
    "EISDIR", // 21
    "EINVAL", // 22
    "ENFILE", // 23
    "EMFILE", // 24
    "ENOTTY", // 25
    "ETXTBSY", // 26
    "EFBIG", // 27
    "ENOSPC", // 28
    "ESPIPE", // 29
    "EROFS", // 30
    "EMLINK", // 31
    "EPIPE", // 32
    "EDOM", // 33
    "ERANGE", // 34
    "EDEADLK", // 35
    "ENAMETOOLONG", // 36
    "ENOLCK", // 37
    "ENOSYS", // 38
    "ENOTEMPTY", // 39
    "ELOOP", // 40
    null, // 41
    "ENOMSG", // 42
    "EIDRM", // 43
    "ECHRNG", // 44
    "EL2NSYNC", // 45
    "EL3HLT", // 46
    "EL3RST", // 47
    "ELNRNG", // 48
    "EUNATCH", // 49
    "ENOCSI", // 50
    "EL2HLT", // 51
    "EBADE", // 52
    "EBADR", // 53
    "EXFULL", // 54
    "ENOANO", // 55
    "EBADRQC", // 56
    "EBADSLT", // 57
    null, // 58
    "EBFONT", // 59
    "ENOSTR", // 60
    "ENODATA", // 61
    "ETIME", // 62
    "ENOSR", // 63
    "ENONET", // 64
    "ENOPKG", // 65
    "EREMOTE", // 66
    "ENOLINK", // 67
    "EADV", // 68
    "ESRMNT", // 69
    "ECOMM", // 70
    "EPROTO", // 71
    "EMULTIHOP", // 72
    "EDOTDOT", // 73
    "EBADMSG", // 74
    "EOVERFLOW", // 75
    "ENOTUNIQ", // 76
    "EBADFD", // 77
    "EREMCHG", // 78
    "ELIBACC", // 79
    "ELIBBAD", // 80
    "ELIBSCN", // 81
    "ELIBMAX", // 82
    "ELIBEXEC", // 83
    "EILSEQ", // 84
    "ERESTART", // 85
    "ESTRPIPE", // 86
    "EUSERS", // 87
    "ENOTSOCK", // 88
    "EDESTADDRREQ", // 89
    "EMSGSIZE", // 90
    "EPROTOTYPE", // 91
    "ENOPROTOOPT", // 92
    "EPROTONOSUPPORT", // 93
    "ESOCKTNOSUPPORT", // 94
    "EOPNOTSUPP", // 95
    "EPFNOSUPPORT", // 96
    "EAFNOSUPPORT", // 97
    "EADDRINUSE", // 98
    "EADDRNOTAVAIL", // 99
    "ENETDOWN", // 100
    "ENETUNREACH", // 101
    "ENETRESET", // 102
    "ECONNABORTED", // 103
    "ECONNRESET", // 104
    "ENOBUFS", // 105
    "EISCONN", // 106
    "ENOTCONN", // 107
    "ESHUTDOWN", // 108
    "ETOOMANYREFS", // 109
    "ETIMEDOUT", // 110
    "ECONNREFUSED", // 111
    "EHOSTDOWN", // 112
    "EHOSTUNREACH", // 113
    "EALREADY", // 114
    "EINPROGRESS", // 115
    "ESTALE", // 116
    "EUCLEAN", // 117
    "ENOTNAM", // 118
    "ENAVAIL", // 119
    "EISNAM", // 120
    "EREMOTEIO", // 121
    "EDQUOT", // 122
    "ENOMEDIUM", // 123
    "EMEDIUMTYPE", // 124
    "ECANCELED", // 125
    "ENOKEY", // 126
    "EKEYEXPIRED", // 127
    "EKEYREVOKED", // 128
    "EKEYREJECTED", // 129
    "EOWNERDEAD", // 130
    "ENOTRECOVERABLE", // 131
    "ERFKILL", // 132
    "EHWPOISON", // 133
  };

  /** The highest errno number in the table. */
  public static final int MAX = NAMES.length - 1;

  /**
   * The symbolic name of an errno number, e.g. {@code "EEXIST"} for 17. A negative argument is
   * negated first (so a {@code -errno} return value works as is). Numbers outside the table give
   * {@code "errno N"}.
   */
  public static String name(int errno) {
    int n = errno < 0 ? -errno : errno;
    String s = n < NAMES.length ? NAMES[n] : null;
    return s != null ? s : "errno " + n;
  }

  /** True when {@code errno} (or its negation) has a name in the table. */
  public static boolean known(int errno) {
    int n = errno < 0 ? -errno : errno;
    return n < NAMES.length && NAMES[n] != null;
  }

  /**
   * The errno number of a symbolic name ({@code "ENOENT"} gives 2), or -1 when the name is unknown.
   * Aliases ({@code EWOULDBLOCK}, {@code EDEADLOCK}, {@code ENOTSUP}) are accepted.
   */
  public static int number(String name) {
    switch (name) {
      case "EWOULDBLOCK": return EAGAIN;
      case "EDEADLOCK": return EDEADLK;
      case "ENOTSUP": return EOPNOTSUPP;
      default:
        for (int i = 1; i < NAMES.length; i++) {
          if (name.equals(NAMES[i])) {
            return i;
          }
        }
        return -1;
    }
  }

  /**
   * The C library's description of an errno number ({@code strerror}, through this JVM's
   * {@link NativeBackends#get() backend}), e.g. "File exists". A negative argument is negated
   * first. When the C library gives none, or no backend can be used, "Unknown error N".
   */
  public static String describe(int errno) {
    int n = errno < 0 ? -errno : errno;
    String text;
    try {
      text = NativeBackends.get().strerror(n);
    } catch (IllegalStateException noBackend) {
      text = null;
    }
    return text != null ? text : "Unknown error " + n;
  }
}
