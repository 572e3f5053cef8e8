/*
 * The floor for workloads W1 and W2 (workloads.md): a hand-written C program on libmnl that does
 * each container's work in two sendmsg calls, as rtnl4j's RtnlImplementation does, with nothing
 * else around it.
 *
 *   libmnl-w w1 PREFIX N
 *   libmnl-w w2 PREFIX N BRIDGE
 *
 * For container i (namespace PREFIXi, which must exist under /run/netns):
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
#include <sched.h>
#include <sys/socket.h>
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

static void put_link_up(struct mnl_nlmsg_batch *b, int index, uint32_t seq) {
  struct nlmsghdr *h = put_msg(b, RTM_NEWLINK, 0, seq);
  struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  ifm->ifi_index = index;
  ifm->ifi_flags = IFF_UP;
  ifm->ifi_change = IFF_UP;
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

static void put_veth(struct mnl_nlmsg_batch *b, const char *name, int index, int master, int netns_fd, uint32_t seq) {
  struct nlmsghdr *h = put_msg(b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, seq);
  struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof *ifm);
  ifm->ifi_family = AF_UNSPEC;
  ifm->ifi_index = index;
  ifm->ifi_flags = IFF_UP;
  ifm->ifi_change = IFF_UP;
  mnl_attr_put_strz(h, IFLA_IFNAME, name);
  if (master) mnl_attr_put_u32(h, IFLA_MASTER, (uint32_t)master);
  struct nlattr *info = mnl_attr_nest_start(h, IFLA_LINKINFO);
  mnl_attr_put_strz(h, IFLA_INFO_KIND, "veth");
  struct nlattr *data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
  struct nlattr *peer = mnl_attr_nest_start(h, VETH_INFO_PEER);
  struct ifinfomsg *pifm = mnl_nlmsg_put_extra_header(h, sizeof *pifm);
  pifm->ifi_family = AF_UNSPEC;
  pifm->ifi_index = 2;
  mnl_attr_put_strz(h, IFLA_IFNAME, "eth0");
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

int main(int argc, char **argv) {
  if (argc < 4 || (strcmp(argv[1], "w1") != 0 && strcmp(argv[1], "w2") != 0) || (strcmp(argv[1], "w2") == 0) != (argc == 5)
      || argc > 5) {
    die("usage: libmnl-w w1 PREFIX N | libmnl-w w2 PREFIX N BRIDGE");
  }
  w2 = strcmp(argv[1], "w2") == 0;
  prefix = argv[2];
  char *end;
  long n = strtol(argv[3], &end, 10);
  if (*end != '\0' || n < 1 || n > 65534) die("N must be 1..65534, not '%s'", argv[3]);
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
    put_veth(hb, name, index, master, fd, seq_of(i, HOST_LINK));
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
