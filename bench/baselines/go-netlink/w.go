// Workloads W1 and W2 (workloads.md) with github.com/vishvananda/netlink, used the way its users
// do: one library call per iproute2 command, package-level functions for the host, a Handle
// opened in the container's namespace (netlink.NewHandleAt) for the container side.
//
//	go-netlink-w w1 PREFIX N
//	go-netlink-w w2 PREFIX N BRIDGE
//
// Timed from the first operation of container 0 to the last reply of container N-1 (Go's
// monotonic clock). Last line on stdout: "w1 impl=go-netlink n=N total_ms=F per_container_us=F".
// Any error ends the program with status 1 and a message naming the container and the operation.
package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func die(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "go-netlink-w: "+format+"\n", args...)
	os.Exit(1)
}

// check dies when err is set, naming the operation in iproute2 words and the errno's name.
func check(err error, format string, args ...interface{}) {
	if err == nil {
		return
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		die("%s: %s (%v)", fmt.Sprintf(format, args...), unix.ErrnoName(errno), err)
	}
	die("%s: %v", fmt.Sprintf(format, args...), err)
}

func v4(b, i int) net.IP { return net.IPv4(10, byte(b), byte(i/256), byte(i%256)).To4() }

func prefixOf(ip net.IP, bits int) *net.IPNet { return &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, 32)} }

func main() {
	if len(os.Args) < 4 || (os.Args[1] != "w1" && os.Args[1] != "w2") || (os.Args[1] == "w2") != (len(os.Args) == 5) ||
		len(os.Args) > 5 {
		die("usage: go-netlink-w w1 PREFIX N | go-netlink-w w2 PREFIX N BRIDGE")
	}
	w2 := os.Args[1] == "w2"
	prefix := os.Args[2]
	n, err := strconv.Atoi(os.Args[3])
	if err != nil || n < 1 || n > 65534 {
		die("N must be 1..65534, not '%s'", os.Args[3])
	}
	// Namespace code must stay on one OS thread: NewHandleAt enters the namespace on this thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	master := 0
	if w2 {
		br, err := netlink.LinkByName(os.Args[4])
		check(err, "no bridge %s", os.Args[4])
		master = br.Attrs().Index
	}
	gateway2 := net.IPv4(10, 232, 255, 254).To4()

	start := time.Now()
	for i := 0; i < n; i++ {
		ns := prefix + strconv.Itoa(i)
		hip, lip := v4(231, i), v4(232, i)
		nsh, err := netns.GetFromName(ns)
		check(err, "open /run/netns/%s", ns)

		la := netlink.NewLinkAttrs()
		la.Name = "ve-" + ns
		la.MasterIndex = master
		veth := &netlink.Veth{LinkAttrs: la, PeerName: "eth0", PeerNamespace: netlink.NsFd(nsh)}
		check(netlink.LinkAdd(veth), "link add %s type veth peer name eth0 netns %s", la.Name, ns)
		if !w2 {
			check(netlink.AddrAdd(veth, &netlink.Addr{IPNet: prefixOf(hip, 32)}), "addr add %s/32 dev %s", hip, la.Name)
		}
		check(netlink.LinkSetUp(veth), "link set %s up", la.Name)
		if !w2 {
			route := &netlink.Route{LinkIndex: veth.Attrs().Index, Dst: prefixOf(lip, 32), Scope: netlink.SCOPE_LINK}
			check(netlink.RouteAdd(route), "route add %s/32 dev %s", lip, la.Name)
		}

		h, err := netlink.NewHandleAt(nsh)
		check(err, "netlink socket in /run/netns/%s", ns)
		lo, err := h.LinkByName("lo")
		check(err, "ip -n %s link show lo", ns)
		check(h.LinkSetUp(lo), "ip -n %s link set lo up", ns)
		eth0, err := h.LinkByName("eth0")
		check(err, "ip -n %s link show eth0", ns)
		gateway, bits := hip, 32
		if w2 {
			gateway, bits = gateway2, 16
		}
		check(h.AddrAdd(eth0, &netlink.Addr{IPNet: prefixOf(lip, bits)}), "ip -n %s addr add %s/%d dev eth0", ns, lip, bits)
		check(h.LinkSetUp(eth0), "ip -n %s link set eth0 up", ns)
		if !w2 {
			route := &netlink.Route{LinkIndex: eth0.Attrs().Index, Dst: prefixOf(hip, 32), Scope: netlink.SCOPE_LINK}
			check(h.RouteAdd(route), "ip -n %s route add %s/32 dev eth0", ns, hip)
		}
		check(h.RouteAdd(&netlink.Route{Gw: gateway}), "ip -n %s route add default via %s", ns, gateway)
		h.Delete()
		nsh.Close()
	}
	elapsed := time.Since(start)

	w := "w1"
	if w2 {
		w = "w2"
	}
	fmt.Printf("%s impl=go-netlink n=%d total_ms=%.3f per_container_us=%.3f\n", w, n,
		float64(elapsed.Nanoseconds())/1e6, float64(elapsed.Nanoseconds())/1e3/float64(n))
}
