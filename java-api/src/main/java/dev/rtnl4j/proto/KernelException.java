package dev.rtnl4j.proto;

import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.sys.Errno;

/**
 * The kernel refused a request. Carries the errno (and its name, {@code EEXIST}), what the request
 * was doing in words, and what the extended acknowledgement said: the kernel's message and the
 * attribute of the request it pointed at ({@code IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_IFNAME}).
 */
public final class KernelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String operation;
  private final int requestType;
  private final String kernelMessage;
  private final String offendingAttribute;
  private final String missingAttribute;
  /** The message, composed when first asked for: a refusal the caller expects (ENODEV on a delete) costs no strerror and no formatting. */
  private transient String message;

  /**
   * @param errno              positive errno
   * @param operation          what the request did, in words
   * @param requestType        its {@code nlmsg_type}
   * @param kernelMessage      {@code NLMSGERR_ATTR_MSG} or null
   * @param offendingAttribute the attribute {@code NLMSGERR_ATTR_OFFS} points at, or null
   * @param missingAttribute   the attribute {@code NLMSGERR_ATTR_MISS_TYPE} names, or null
   */
  public KernelException(int errno, String operation, int requestType, String kernelMessage,
      String offendingAttribute, String missingAttribute) {
    super((String) null);
    this.errno = errno;
    this.operation = operation;
    this.requestType = requestType;
    this.kernelMessage = kernelMessage;
    this.offendingAttribute = offendingAttribute;
    this.missingAttribute = missingAttribute;
  }

  /** "OPERATION: ENAME (description): kernel says …; offending attribute … [RTM_…]". */
  @Override
  public String getMessage() {
    String m = message;
    if (m == null) {
      m = format(errno, operation, requestType, kernelMessage, offendingAttribute, missingAttribute);
      message = m;
    }
    return m;
  }

  private static String format(int errno, String operation, int requestType, String kernelMessage,
      String offending, String missing) {
    StringBuilder b = new StringBuilder();
    b.append(operation).append(": ").append(Errno.name(errno)).append(" (").append(Errno.describe(errno)).append(')');
    if (kernelMessage != null && !kernelMessage.isEmpty()) {
      b.append(": kernel says \"").append(kernelMessage).append('"');
    }
    if (offending != null) {
      b.append("; offending attribute ").append(offending);
    }
    if (missing != null) {
      b.append("; missing attribute ").append(missing);
    }
    boolean nfnetlink = Nfnl.isNftables(requestType);
    if (errno == Errno.EPERM && (nfnetlink || requestType >= Rtm.RTM_NEWLINK && requestType % 4 != 2)) {
      // rtnetlink refuses every change (not the RTM_GET* reads), and nfnetlink every transaction,
      // from a sender without CAP_NET_ADMIN over the namespace: the one cause of EPERM worth naming
      b.append("; changing the network needs CAP_NET_ADMIN");
    }
    b.append(" [").append(nfnetlink ? Nfnl.typeName(requestType) : Rtm.typeName(requestType)).append(']');
    return b.toString();
  }

  /** Positive errno. */
  public int errno() {
    return errno;
  }

  /** The errno's name, e.g. {@code "EEXIST"}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** What the request did, in words. */
  public String operation() {
    return operation;
  }

  /** The request's {@code nlmsg_type}. */
  public int requestType() {
    return requestType;
  }

  /** The kernel's own words ({@code NLMSGERR_ATTR_MSG}), or null. */
  public String kernelMessage() {
    return kernelMessage;
  }

  /** The attribute of the request the kernel pointed at, as a path of kernel names, or null. */
  public String offendingAttribute() {
    return offendingAttribute;
  }

  /** The attribute the kernel said was missing, or null. */
  public String missingAttribute() {
    return missingAttribute;
  }
}
