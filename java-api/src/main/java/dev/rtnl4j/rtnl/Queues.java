package dev.rtnl4j.rtnl;

/**
 * How many transmit and receive queues a new link gets ({@code IFLA_NUM_TX_QUEUES},
 * {@code IFLA_NUM_RX_QUEUES}; iproute2's {@code numtxqueues}/{@code numrxqueues}), fixed when it is
 * created.
 *
 * <p>For a veth this matters beyond the queues themselves: left to the kernel, each end gets one
 * queue per possible CPU, then is cut back to one active queue, which waits for an RCU grace period
 * under the RTNL lock (Linux 6.x {@code veth_init_queues}). {@link #ONE} creates the same single active
 * queue without that wait.
 *
 * @param transmit transmit queues, 1..4096
 * @param receive  receive queues, 1..4096
 */
public record Queues(int transmit, int receive) {
  /** One transmit and one receive queue. */
  public static final Queues ONE = new Queues(1, 1);

  /** The kernel's limit on either count. */
  public static final int MAX = 4096;

  /** Checks both counts; throws {@link IllegalArgumentException} naming the one out of range. */
  public Queues {
    check("transmit", transmit);
    check("receive", receive);
  }

  private static void check(String what, int n) {
    if (n < 1 || n > MAX) {
      throw new IllegalArgumentException(what + " queues " + n + " out of range 1.." + MAX);
    }
  }

  @Override
  public String toString() {
    return "numtxqueues " + transmit + " numrxqueues " + receive;
  }
}
