/*
 * The floor for workloads W1 and W2 (workloads.md): a hand-written C program on libmnl that does
 * each container's work in two sendmsg calls, as rtnl4j's RtnlImplementation does, with nothing
 * else around it.
 *
 *   libmnl-w w1 PREFIX N
 *   libmnl-w w2 PREFIX N BRIDGE
 *   libmnl-w b1share PREFIX N DIR
 *
 * b1share is the floor for rtnl4j's own share of a container start (issue 5, bootbench's
 * rtnl4j_share_ms): the system calls a prepared start makes on its path, one container after the
 * other, each timed alone, made as rtnl4j makes them (see b1share() below): the namespace, its lo,
 * the main veth pair (down, under a spare's name) and the notify socket made ahead; the veth
 * renamed, the addresses and routes in two sendmsg; the notify socket bound and nspawn spawned;
 * the namespace named and the stale port-forward table looked for while nspawn starts; the state
 * file written. The last line is "b1share impl=libmnl n=N p50_us=F p90_us=F min_us=F max_us=F
 * check_p50_us=F cleanup_p50_us=F network_p50_us=F spawn_p50_us=F record_p50_us=F ahead_p50_us=F":
 * the share (check to record), each step's p50 alone (they need not add up to the whole's), and
 * what was made ahead, outside the share.
 *
 * W1 and W2 (below) work on the namespaces PREFIX0..PREFIXN-1, which must exist under /run/netns.
 * For container i of W1/W2 (namespace PREFIXi):
 *  - host ifindexes are chosen up front, above the highest in use, and the peer eth0 gets index 2
 *    (the container namespace holds only lo), so every request can be written before any reply;
 *  - one sendmsg on the host socket: the veth created up (W2: with its master), its peer eth0
 *    directly in the container namespace (IFLA_NET_NS_FD), W1: the host address and route;
 *  - one sendmsg on a NETLINK_ROUTE socket opened inside the container namespace (setns in,
 *    socket, setns back): lo up, address, eth0 up (a peer created in another namespace cannot be
 *    created up: ENOTCONN), routes;
 *  - only the last message of each sendmsg asks for an ack; the kernel still answers a failed
 *    request without NLM_F_ACK with an nlmsgerr, so every error is seen, reported against its
 *    request, and ends the program with status 1;
 *  - the host socket's acks are read lazily: up to 96 may stay unread while the next containers
 *    are set up (the kernel has handled a sendmsg's messages before it returns).
 *
 * Timed with CLOCK_MONOTONIC from the first operation of container 0 to the last ack of container
 * N-1. Last line on stdout: "w1 impl=libmnl n=N total_ms=F per_container_us=F".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h> /* before the linux/ headers, so that linux/if.h defers to it */
#include <arpa/inet.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <netinet/in.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <sched.h>
#include <spawn.h>
#include <linux/netfilter.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_UNREAD_HOST_ACKS 96
#define BUF 8192 /* a receive buffer, and the batch limit of a sendmsg */
#define OPS_PER_CONTAINER 8 /* sequence numbers: 1 + i * 8 + op */

enum op { HOST_LINK, HOST_ADDR, HOST_ROUTE, LO_UP, ADDR, ETH0_UP, ROUTE, DEFAULT_ROUTE };

static int w2;
static const char *prefix;
static const char *bridge;

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("libmnl-w: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static void die_errno(const char *what, const char *object) {
  int e = errno;
  die("%s %s: %s (%s)", what, object, strerrorname_np(e), strerror(e));
}

static uint32_t seq_of(int i, enum op op) { return 1 + (uint32_t)i * OPS_PER_CONTAINER + op; }

static in_addr_t hip(int i) { return htonl(10u << 24 | 231u << 16 | (unsigned)(i / 256) << 8 | (unsigned)(i % 256)); }
static in_addr_t lip(int i) { return htonl(10u << 24 | 232u << 16 | (unsigned)(i / 256) << 8 | (unsigned)(i % 256)); }
static in_addr_t gateway2(void) { return htonl(10u << 24 | 232u << 16 | 255u << 8 | 254u); }

/* The request behind a sequence number, in iproute2 words. */
static void describe(uint32_t seq, char *out, size_t len) {
  int i = (int)((seq - 1) / OPS_PER_CONTAINER);
  enum op op = (enum op)((seq - 1) % OPS_PER_CONTAINER);
  char h[INET_ADDRSTRLEN], l[INET_ADDRSTRLEN];
  in_addr_t a = hip(i), b = lip(i);
  inet_ntop(AF_INET, &a, h, sizeof h);
  inet_ntop(AF_INET, &b, l, sizeof l);
  switch (op) {
  case HOST_LINK:
    if (w2) snprintf(out, len, "link add ve-%s%d master %s up type veth peer name eth0 netns %s%d", prefix, i, bridge, prefix, i);
    else snprintf(out, len, "link add ve-%s%d up type veth peer name eth0 netns %s%d", prefix, i, prefix, i);
    break;
  case HOST_ADDR: snprintf(out, len, "addr add %s/32 dev ve-%s%d", h, prefix, i); break;
  case HOST_ROUTE: snprintf(out, len, "route add %s/32 dev ve-%s%d", l, prefix, i); break;
  case LO_UP: snprintf(out, len, "ip -n %s%d link set lo up", prefix, i); break;
  case ADDR: snprintf(out, len, "ip -n %s%d addr add %s/%d dev eth0", prefix, i, l, w2 ? 16 : 32); break;
  case ETH0_UP: snprintf(out, len, "ip -n %s%d link set eth0 up", prefix, i); break;
  case ROUTE: snprintf(out, len, "ip -n %s%d route add %s/32 dev eth0", prefix, i, h); break;
  case DEFAULT_ROUTE: snprintf(out, len, "ip -n %s%d route add default via %s", prefix, i, w2 ? "10.232.255.254" : h); break;
  }
}

/* A NETLINK_ROUTE socket with extended acks (the kernel's message) and capped acks (no echo). */
static struct mnl_socket *open_rtnl(const char *where) {
  struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
  if (nl == NULL) die_errno("socket(NETLINK_ROUTE) in", where);
  int one = 1;
  if (mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof one) < 0) die_errno("NETLINK_EXT_ACK in", where);
  if (mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof one) < 0) die_errno("NETLINK_CAP_ACK in", where);
  if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) die_errno("bind netlink socket in", where);
  return nl;
}

static int extack_msg_cb(const struct nlattr *attr, void *data) {
  if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG && mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
    *(const char **)data = mnl_attr_get_str(attr);
  }
  return MNL_CB_OK;
}

static struct mnl_socket *host; /* the host namespace's socket */

static int read_acks(struct mnl_socket *nl, const char *where, int flags);

/* Dies with the request behind the nlmsgerr h; a container's request may have failed
 * because a host request failed before it, so unread host errors are reported first. */
static void fail(struct mnl_socket *nl, const struct nlmsghdr *h) {
  if (nl != host) {
    while (read_acks(host, "the host namespace", MSG_DONTWAIT) >= 0) {
    }
  }
  const struct nlmsgerr *err = mnl_nlmsg_get_payload(h);
  const char *kernel = NULL;
  if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
    size_t off = sizeof *err;
    if (!(h->nlmsg_flags & NLM_F_CAPPED)) off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
    mnl_attr_parse(h, (unsigned)off, extack_msg_cb, &kernel);
  }
  char what[200];
  describe(h->nlmsg_seq, what, sizeof what);
  die("%s: %s (%s)%s%s", what, strerrorname_np(-err->error), strerror(-err->error),
      kernel ? ": kernel says: " : "", kernel ? kernel : "");
}

/* Reads one datagram (with flags MSG_DONTWAIT: returns -1 if none is queued); returns how many
 * acks (nlmsgerr with error 0) it held; dies on any error. */
static int read_acks(struct mnl_socket *nl, const char *where, int flags) {
  char buf[BUF]; /* on the stack: fail() may read the host socket while h points here */
  ssize_t got = recv(mnl_socket_get_fd(nl), buf, sizeof buf, flags);
  if (got < 0 && (flags & MSG_DONTWAIT) && errno == EAGAIN) return -1;
  if (got < 0) die_errno("recvmsg on the netlink socket of", where);
  int n = (int)got, acks = 0;
  for (struct nlmsghdr *h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, n); h = mnl_nlmsg_next(h, &n)) {
    if (h->nlmsg_type != NLMSG_ERROR) continue;
    if (((const struct nlmsgerr *)mnl_nlmsg_get_payload(h))->error != 0) fail(nl, h);
    acks++;
  }
  return acks;
}

static struct nlmsghdr *put_msg(struct mnl_nlmsg_batch *b, uint16_t type, uint16_t flags, uint32_t seq) {
  struct nlmsghdr *h = mnl_nlmsg_put_header(mnl_nlmsg_batch_current(b));
  h->nlmsg_type = type;
  h->nlmsg_flags = NLM_F_REQUEST | flags;
  h->nlmsg_seq = seq;
  return h;
}

static void end_msg(struct mnl_nlmsg_batch *b) {
  if (!mnl_nlmsg_batch_next(b)) die("message buffer too small");
}

/* An RTM_NEWLINK for link INDEX, up when UP (else its state left alone); the caller adds attributes and ends it. */
static struct nlmsghdr *put_link_msg(struct mnl_nlmsg_batch *b, uint16_t flags, int index, int up, uint32_t seq) {
  struct nlmsghdr *h = put_msg(b, RTM_NEWLINK, flags, seq);
  struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  ifm->ifi_index = index;
  ifm->ifi_flags = up ? IFF_UP : 0;
  ifm->ifi_change = up ? IFF_UP : 0;
  return h;
}

static void put_link_up(struct mnl_nlmsg_batch *b, int index, uint32_t seq) {
  put_link_msg(b, 0, index, 1, seq);
  end_msg(b);
}

/* "link set INDEX [name NAME] address 02:52:34:TAG:INDEX [up]" (NAME null: the name stays). */
static void put_link_set(struct mnl_nlmsg_batch *b, int index, const char *name, unsigned char tag, int up, uint32_t seq) {
  struct nlmsghdr *h = put_link_msg(b, 0, index, up, seq);
  if (name != NULL) mnl_attr_put_strz(h, IFLA_IFNAME, name);
  unsigned char mac[6] = {0x02, 0x52, 0x34, tag, (unsigned char)(index >> 8), (unsigned char)index};
  mnl_attr_put(h, IFLA_ADDRESS, sizeof mac, mac);
  end_msg(b);
}

static void put_addr(struct mnl_nlmsg_batch *b, int index, in_addr_t addr, int prefixlen, uint32_t seq) {
  struct nlmsghdr *h = put_msg(b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, seq);
  struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(h, sizeof *ifa);
  ifa->ifa_family = AF_INET;
  ifa->ifa_prefixlen = (unsigned char)prefixlen;
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = (unsigned)index;
  mnl_attr_put(h, IFA_LOCAL, sizeof addr, &addr);
  mnl_attr_put(h, IFA_ADDRESS, sizeof addr, &addr);
  end_msg(b);
}

/* "route add DST/32 dev INDEX" (scope link) or, with dst 0, "route add default via GW". */
static void put_route(struct mnl_nlmsg_batch *b, in_addr_t dst, int oif, in_addr_t gw, uint32_t seq) {
  struct nlmsghdr *h = put_msg(b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, seq);
  struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof *rtm);
  rtm->rtm_family = AF_INET;
  rtm->rtm_dst_len = dst ? 32 : 0;
  rtm->rtm_table = RT_TABLE_MAIN;
  rtm->rtm_protocol = RTPROT_BOOT;
  rtm->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  rtm->rtm_type = RTN_UNICAST;
  if (dst) mnl_attr_put(h, RTA_DST, sizeof dst, &dst);
  if (gw) mnl_attr_put(h, RTA_GATEWAY, sizeof gw, &gw);
  if (oif) mnl_attr_put_u32(h, RTA_OIF, (uint32_t)oif);
  end_msg(b);
}

/* queues: 0 for the kernel's choice, else numtxqueues and numrxqueues for both ends */
static void put_veth(struct mnl_nlmsg_batch *b, const char *name, int index, int up, int master, int netns_fd,
                     int queues, uint32_t seq) {
  struct nlmsghdr *h = put_link_msg(b, NLM_F_CREATE | NLM_F_EXCL, index, up, seq);
  mnl_attr_put_strz(h, IFLA_IFNAME, name);
  if (queues) {
    mnl_attr_put_u32(h, IFLA_NUM_TX_QUEUES, (uint32_t)queues);
    mnl_attr_put_u32(h, IFLA_NUM_RX_QUEUES, (uint32_t)queues);
  }
  if (master) mnl_attr_put_u32(h, IFLA_MASTER, (uint32_t)master);
  struct nlattr *info = mnl_attr_nest_start(h, IFLA_LINKINFO);
  mnl_attr_put_strz(h, IFLA_INFO_KIND, "veth");
  struct nlattr *data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
  struct nlattr *peer = mnl_attr_nest_start(h, VETH_INFO_PEER);
  struct ifinfomsg *pifm = mnl_nlmsg_put_extra_header(h, sizeof *pifm);
  pifm->ifi_family = AF_UNSPEC;
  pifm->ifi_index = 2;
  mnl_attr_put_strz(h, IFLA_IFNAME, "eth0");
  if (queues) {
    mnl_attr_put_u32(h, IFLA_NUM_TX_QUEUES, (uint32_t)queues);
    mnl_attr_put_u32(h, IFLA_NUM_RX_QUEUES, (uint32_t)queues);
  }
  mnl_attr_put_u32(h, IFLA_NET_NS_FD, (uint32_t)netns_fd);
  mnl_attr_nest_end(h, peer);
  mnl_attr_nest_end(h, data);
  mnl_attr_nest_end(h, info);
  end_msg(b);
}

/* Sends the batch with NLM_F_ACK on its last message only. */
static void send_batch(struct mnl_socket *nl, struct mnl_nlmsg_batch *b, struct nlmsghdr *last, const char *where) {
  last->nlmsg_flags |= NLM_F_ACK;
  if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b)) < 0) die_errno("sendmsg in", where);
  mnl_nlmsg_batch_reset(b);
}

/* The highest ifindex in use in this namespace (if_nameindex dumps the links over netlink). */
static int highest_ifindex(void) {
  struct if_nameindex *all = if_nameindex();
  if (all == NULL) die_errno("if_nameindex", "(host)");
  int max = 1;
  for (struct if_nameindex *p = all; p->if_index != 0; p++) {
    if ((int)p->if_index > max) max = (int)p->if_index;
  }
  if_freenameindex(all);
  return max;
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Reads answers on nl until `want` nlmsgerr have come; each must be 0 or -expected. */
static void expect_errors(struct mnl_socket *nl, int want, int expected, const char *what) {
  char buf[BUF];
  while (want > 0) {
    ssize_t got = recv(mnl_socket_get_fd(nl), buf, sizeof buf, 0);
    if (got < 0) die_errno("recvmsg for", what);
    int n = (int)got;
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, n); h = mnl_nlmsg_next(h, &n)) {
      if (h->nlmsg_type != NLMSG_ERROR) continue;
      int e = -((const struct nlmsgerr *)mnl_nlmsg_get_payload(h))->error;
      if (e != 0 && e != expected) die("%s: %s (%s)", what, strerrorname_np(e), strerror(e));
      want--;
    }
  }
}

static void put_dellink(struct mnl_nlmsg_batch *b, const char *name, uint32_t seq) {
  struct nlmsghdr *h = put_msg(b, RTM_DELLINK, NLM_F_ACK, seq);
  struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  mnl_attr_put_strz(h, IFLA_IFNAME, name);
  end_msg(b);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void file_path(char *out, size_t len, const char *dir, const char *name, const char *suffix) {
  if ((size_t)snprintf(out, len, "%s/%s%s", dir, name, suffix) >= len) die("path %s/%s%s too long", dir, name, suffix);
}

/*
 * For container PREFIXi, what a prepared start of rtnl4j does with the kernel, each step in the
 * order ContainerRuntime takes it, all on one thread (no hand-off), timed from the first to the last:
 *  - check: access(systemd-nspawn), the state file opened (ENOENT);
 *  - clean-up: RTM_DELLINK of both host veth names in one sendmsg (ENODEV), an nf_tables
 *    GETTABLE for the port-forward table (ENOENT), the notify socket, state file and log unlinked;
 *  - namespace: unshare(CLONE_NEWNET), its handle opened, a route socket opened inside, setns back,
 *    the file DIR/netns/PREFIXi created and the namespace bind-mounted on it;
 *  - links: one sendmsg on the host socket (the veth, one queue per end, peer eth0 in the
 *    namespace; the host address; the link up; the route), one on the container's (lo up,
 *    address, eth0 up, route, default route), and their acks;
 *  - spawn: the notify socket (AF_UNIX datagram, bound in DIR), then posix_spawn of
 *    "systemd-nspawn --version" in a new session, stdin /dev/null, stdout and stderr appended to the
 *    log, every other fd closed: posix_spawn returns once the child has exec'd, as for a start;
 *  - record: the notify socket closed, the state file (600 bytes) written.
 * Not timed: reaping the child, deleting the veth and the namespace. Each container is timed alone;
 * their p50 is the floor rtnl4j_share_ms is compared with.
 */
static void b1share(long n, const char *dir) {
  const char *nspawn = "/usr/bin/systemd-nspawn";
  int base = highest_ifindex() + 1;
  int host_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (host_ns < 0) die_errno("open", "/proc/thread-self/ns/net");
  host = open_rtnl("the host namespace");
  struct mnl_socket *nft = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
  if (nft == NULL || mnl_socket_bind(nft, 0, MNL_SOCKET_AUTOPID) < 0) die_errno("socket(NETLINK_NETFILTER)", "");
  char netns_dir[256];
  file_path(netns_dir, sizeof netns_dir, dir, "netns", "");
  if (mkdir(netns_dir, 0755) < 0 && errno != EEXIST) die_errno("mkdir", netns_dir);
  static char hbuf[BUF * 2], cbuf[BUF * 2];
  struct mnl_nlmsg_batch *hb = mnl_nlmsg_batch_start(hbuf, BUF);
  struct mnl_nlmsg_batch *cb = mnl_nlmsg_batch_start(cbuf, BUF);
  double *us = calloc((size_t)n, sizeof *us);
  /* each step's time, as bootbench reports rtnl4j's (check, cleanup, network, spawn, record), and
     what is made ahead, outside the share */
  enum { STEPS = 6 };
  static const char *const step_names[STEPS] = {"check", "cleanup", "network", "spawn", "record", "ahead"};
  double *ahead_us = calloc((size_t)n, sizeof *ahead_us);
  double *step_us[STEPS];
  for (int k = 0; k < STEPS; k++) step_us[k] = calloc((size_t)n, sizeof **step_us);
  char state_text[600];
  memset(state_text, 'x', sizeof state_text);
  for (int i = 0; i < n; i++) {
    char ns[80], netns[256], notify[256], state[256], logf[256], veth[96], vethb[96], table[96];
    snprintf(ns, sizeof ns, "%s%d", prefix, i);
    snprintf(veth, sizeof veth, "ve-%s", ns);
    snprintf(vethb, sizeof vethb, "vb-%s", ns);
    snprintf(table, sizeof table, "rtnl4j-%s", ns);
    file_path(netns, sizeof netns, netns_dir, ns, "");
    file_path(notify, sizeof notify, dir, ns, ".notify");
    file_path(state, sizeof state, dir, ns, ".json");
    file_path(logf, sizeof logf, dir, ns, ".log");
    if (strlen(veth) >= IFNAMSIZ) die("host link name %s is longer than 15 bytes", veth);
    int index = base + i;
    char spare[32];
    snprintf(spare, sizeof spare, "fl-spare%d", i);

    /* ahead, as rtnl4j makes a spare while the previous start's nspawn starts (not in the share):
       the namespace with lo up and a route socket in it, the main veth pair down under a spare's
       name (eth0 inside), and the notify socket, unbound */
    double a0 = now_ns();
    if (unshare(CLONE_NEWNET) < 0) die_errno("unshare(CLONE_NEWNET) for", ns);
    int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (fd < 0) die_errno("open the new namespace of", ns);
    struct mnl_socket *inside = open_rtnl(ns);
    if (setns(host_ns, CLONE_NEWNET) < 0) die_errno("setns back to the host namespace from", ns);
    put_link_up(cb, 1, seq_of(i, LO_UP));
    send_batch(inside, cb, mnl_nlmsg_batch_head(cb), ns);
    while (read_acks(inside, ns, 0) == 0) {
    }
    put_veth(hb, spare, index, 0, 0, fd, 1, seq_of(i, HOST_LINK)); /* down: renamed by the start */
    send_batch(host, hb, mnl_nlmsg_batch_head(hb), "the host namespace");
    while (read_acks(host, "the host namespace", 0) == 0) {
    }
    int ns_sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (ns_sock < 0 || setsockopt(ns_sock, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0) die_errno("notify socket", notify);
    ahead_us[i] = (now_ns() - a0) / 1e3;

    double t0 = now_ns();
    /* check */
    if (access(nspawn, X_OK) < 0) die_errno("access", nspawn);
    int sf = open(state, O_RDONLY | O_CLOEXEC);
    if (sf >= 0 || errno != ENOENT) die("state file %s exists", state);

    double t1 = now_ns();
    /* clean-up (the stale port-forward table is looked for while nspawn starts, below) */
    put_dellink(hb, veth, seq_of(i, HOST_LINK));
    struct nlmsghdr *last = mnl_nlmsg_batch_current(hb);
    put_dellink(hb, vethb, seq_of(i, HOST_ADDR));
    send_batch(host, hb, last, "the host namespace");
    expect_errors(host, 2, ENODEV, "delete stale links");
    unlink(notify);
    unlink(state);
    unlink(logf);

    double t2 = now_ns();
    /* links: the spare's host end renamed, given its MAC and brought up, with the host address and
       route in one sendmsg; eth0's MAC, address, link up and routes in one on the socket inside */
    put_link_set(hb, index, veth, 0x4a, 1, seq_of(i, HOST_LINK));
    put_addr(hb, index, hip(i), 32, seq_of(i, HOST_ADDR));
    last = mnl_nlmsg_batch_current(hb);
    put_route(hb, lip(i), index, 0, seq_of(i, HOST_ROUTE));
    send_batch(host, hb, last, "the host namespace");
    put_link_set(cb, 2, NULL, 0x4b, 0, seq_of(i, ETH0_UP));
    put_addr(cb, 2, lip(i), 32, seq_of(i, ADDR));
    put_link_up(cb, 2, seq_of(i, ETH0_UP));
    put_route(cb, hip(i), 2, 0, seq_of(i, ROUTE));
    last = mnl_nlmsg_batch_current(cb);
    put_route(cb, 0, 0, hip(i), seq_of(i, DEFAULT_ROUTE));
    send_batch(inside, cb, last, ns);
    while (read_acks(host, "the host namespace", 0) == 0) {
    }
    while (read_acks(inside, ns, 0) == 0) {
    }
    mnl_socket_close(inside);

    double t25 = now_ns();
    /* spawn: the notify socket bound, nspawn spawned */
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    if (strlen(notify) >= sizeof sun.sun_path) die("notify socket path %s too long", notify);
    memcpy(sun.sun_path, notify, strlen(notify) + 1);
    if (bind(ns_sock, (struct sockaddr *)&sun, sizeof sun) < 0) die_errno("bind the notify socket", notify);
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, logf, O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    char *args[] = {(char *)nspawn, "--version", NULL};
    char *env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL};
    pid_t pid;
    int e = posix_spawn(&pid, nspawn, &fa, &attr, args, env);
    if (e != 0) die("posix_spawn %s: %s", nspawn, strerror(e));
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    double t3 = now_ns();

    /* while nspawn starts (not in the share): the namespace named, the stale port-forward table looked for */
    int nf = open(netns, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (nf < 0) die_errno("create", netns);
    close(nf);
    char source[64];
    snprintf(source, sizeof source, "/proc/self/fd/%d", fd);
    if (mount(source, netns, "none", MS_BIND, NULL) < 0) die_errno("bind mount on", netns);
    {
      char buf[256];
      struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
      h->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE;
      h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
      h->nlmsg_seq = (uint32_t)i + 1;
      struct nfgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof *g);
      g->nfgen_family = NFPROTO_INET;
      g->version = NFNETLINK_V0;
      mnl_attr_put_strz(h, NFTA_TABLE_NAME, table);
      if (mnl_socket_sendto(nft, h, h->nlmsg_len) < 0) die_errno("sendmsg", "GETTABLE");
      expect_errors(nft, 1, ENOENT, "get the port-forward table");
    }

    double t4 = now_ns();
    /* record (after READY): the state file written; the notify socket and the namespace's fd are
       closed by the next start, off its path */
    int st = open(state, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (st < 0 || write(st, state_text, sizeof state_text) != (ssize_t)sizeof state_text) die_errno("write", state);
    close(st);
    double t5 = now_ns();
    close(ns_sock);
    close(fd);
    us[i] = ((t3 - t0) + (t5 - t4)) / 1e3;
    double spans[STEPS] = {t1 - t0, t2 - t1, t25 - t2, t3 - t25, t5 - t4, ahead_us[i] * 1e3};
    for (int k = 0; k < STEPS; k++) step_us[k][i] = spans[k] / 1e3;

    /* not timed: what the stop does */
    waitpid(pid, NULL, 0);
    put_dellink(hb, veth, seq_of(i, HOST_LINK));
    last = mnl_nlmsg_batch_current(hb);
    send_batch(host, hb, last, "the host namespace");
    expect_errors(host, 1, 0, "delete the veth");
    umount2(netns, MNT_DETACH);
    unlink(netns);
    unlink(notify);
    unlink(state);
    unlink(logf);
  }
  mnl_socket_close(nft);
  mnl_socket_close(host);
  close(host_ns);
  double *sorted = malloc((size_t)n * sizeof *sorted);
  memcpy(sorted, us, (size_t)n * sizeof *sorted);
  qsort(sorted, (size_t)n, sizeof *sorted, cmp_double);
  printf("b1share impl=libmnl n=%ld p50_us=%.1f p90_us=%.1f min_us=%.1f max_us=%.1f", n, sorted[n / 2],
         sorted[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1], sorted[0], sorted[n - 1]);
  for (int k = 0; k < STEPS; k++) {
    qsort(step_us[k], (size_t)n, sizeof *sorted, cmp_double);
    printf(" %s_p50_us=%.1f", step_names[k], step_us[k][n / 2]);
    free(step_us[k]);
  }
  printf("\n");
  free(sorted);
  free(us);
  free(ahead_us);
}

/* The container count argument: 1..65534, or the program ends saying what it got. */
static long count_arg(const char *text) {
  char *end;
  long n = strtol(text, &end, 10);
  if (*end != '\0' || n < 1 || n > 65534) die("N must be 1..65534, not '%s'", text);
  return n;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "b1share") == 0) {
    prefix = argv[2];
    b1share(count_arg(argv[3]), argv[4]);
    return 0;
  }
  if (argc < 4 || (strcmp(argv[1], "w1") != 0 && strcmp(argv[1], "w2") != 0) || (strcmp(argv[1], "w2") == 0) != (argc == 5)
      || argc > 5) {
    die("usage: libmnl-w w1 PREFIX N | libmnl-w w2 PREFIX N BRIDGE | libmnl-w b1share PREFIX N DIR");
  }
  w2 = strcmp(argv[1], "w2") == 0;
  prefix = argv[2];
  long n = count_arg(argv[3]);
  bridge = w2 ? argv[4] : NULL;
  char name[96];
  if (snprintf(name, sizeof name, "ve-%s%ld", prefix, n - 1) >= IFNAMSIZ) die("host link name %s is longer than 15 bytes", name);

  int master = 0;
  if (w2 && (master = (int)if_nametoindex(bridge)) == 0) die_errno("no bridge", bridge);
  int base = highest_ifindex() + 1;
  int host_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (host_ns < 0) die_errno("open", "/proc/thread-self/ns/net");
  host = open_rtnl("the host namespace");
  static char hbuf[BUF * 2], cbuf[BUF * 2]; /* libmnl batches need twice their limit */
  struct mnl_nlmsg_batch *hb = mnl_nlmsg_batch_start(hbuf, BUF);
  struct mnl_nlmsg_batch *cb = mnl_nlmsg_batch_start(cbuf, BUF);
  int unread = 0; /* host acks asked for and not read yet */

  double start = now_ns();
  for (int i = 0; i < n; i++) {
    char ns[80], path[96];
    snprintf(ns, sizeof ns, "%s%d", prefix, i);
    snprintf(path, sizeof path, "/run/netns/%s", ns);
    snprintf(name, sizeof name, "ve-%s", ns);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die_errno("open", path);
    if (setns(fd, CLONE_NEWNET) < 0) die_errno("setns into", path);
    struct mnl_socket *inside = open_rtnl(path);
    if (setns(host_ns, CLONE_NEWNET) < 0) die_errno("setns back to the host namespace from", path);

    /* host: the veth (peer in the container), W1: address and route; one sendmsg */
    int index = base + i;
    struct nlmsghdr *last = mnl_nlmsg_batch_current(hb);
    put_veth(hb, name, index, 1, master, fd, 0, seq_of(i, HOST_LINK));
    if (!w2) {
      put_addr(hb, index, hip(i), 32, seq_of(i, HOST_ADDR));
      last = mnl_nlmsg_batch_current(hb);
      put_route(hb, lip(i), index, 0, seq_of(i, HOST_ROUTE));
    }
    send_batch(host, hb, last, "the host namespace");
    unread++;
    close(fd);

    /* container: lo up, address, eth0 up, routes; one sendmsg, then its ack */
    put_link_up(cb, 1, seq_of(i, LO_UP));
    put_addr(cb, 2, lip(i), w2 ? 16 : 32, seq_of(i, ADDR));
    put_link_up(cb, 2, seq_of(i, ETH0_UP));
    if (!w2) put_route(cb, hip(i), 2, 0, seq_of(i, ROUTE));
    last = mnl_nlmsg_batch_current(cb);
    put_route(cb, 0, 0, w2 ? gateway2() : hip(i), seq_of(i, DEFAULT_ROUTE));
    send_batch(inside, cb, last, path);
    while (read_acks(inside, path, 0) == 0) {
    }
    mnl_socket_close(inside);

    while (unread > MAX_UNREAD_HOST_ACKS) unread -= read_acks(host, "the host namespace", 0);
  }
  while (unread > 0) unread -= read_acks(host, "the host namespace", 0);
  double elapsed = now_ns() - start;

  mnl_socket_close(host);
  close(host_ns);
  printf("%s impl=libmnl n=%ld total_ms=%.3f per_container_us=%.3f\n", w2 ? "w2" : "w1", n, elapsed / 1e6,
         elapsed / 1e3 / (double)n);
  return 0;
}
