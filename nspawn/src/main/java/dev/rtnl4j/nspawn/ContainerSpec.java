package dev.rtnl4j.nspawn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One container, with every per-container option of NixOS's containers.nix (same names, same
 * defaults) plus what a runtime without NixOS needs: the image, the command, the network
 * namespace and the container-side MAC. Immutable; every instance is valid (the constructor checks
 * all fields and throws {@link SpecException} naming the container and the field).
 *
 * <p>Build one with {@link #builder(String)}:
 *
 * <pre>{@code
 * ContainerSpec web = ContainerSpec.builder("web")
 *     .image(new Image.Busybox())
 *     .privateNetwork(true).hostAddress("10.231.0.1").localAddress("10.231.0.2")
 *     .build();
 * }</pre>
 *
 * @param name machine name (a hostname label: letters, digits, '-', '_', '.'; at most 64)
 * @param image what to run on
 * @param command command and arguments to run; empty = the image's init (systemd for
 *     {@code host} and directories, nspawn's {@code -b}; an idle init loop for busybox)
 * @param notifyReady wait for the payload's own READY=1 ({@code --notify-ready=yes}); null = yes
 *     when booting systemd, no otherwise
 * @param privateNetwork own network namespace
 * @param hostAddress IPv4 address on the host side of the veth (null = none)
 * @param hostAddress6 IPv6 address on the host side
 * @param localAddress IPv4 address on the container's eth0
 * @param localAddress6 IPv6 address on the container's eth0
 * @param hostBridge bridge the host side is enslaved to (must exist); excludes host addresses
 * @param extraVeths extra veth pairs
 * @param interfaces host interfaces moved into the container (moved back on stop)
 * @param macvlans host interfaces on which a macvlan (bridge mode) is made for the container
 * @param forwardPorts ports forwarded from the host
 * @param bindMounts host directories bound into the container
 * @param tmpfs nspawn {@code --tmpfs=} values
 * @param additionalCapabilities extra capabilities (CAP_...)
 * @param enableTun allow /dev/net/tun and CAP_NET_ADMIN
 * @param allowedDevices device nodes made available
 * @param ephemeral run on a throw-away snapshot ({@code --ephemeral})
 * @param timeoutStart time from start to READY=1 after which the start fails and is undone
 * @param extraFlags more nspawn arguments, each one argv element
 * @param networkNamespace name under /run/netns or absolute path of an existing namespace; null =
 *     a namespace named after the container, created and deleted by rtnl4j
 * @param containerMac MAC of the container's eth0 ("aa:bb:..."); null = nspawn's predictable MAC
 */
public record ContainerSpec(
    String name,
    Image image,
    List<String> command,
    Boolean notifyReady,
    boolean privateNetwork,
    IpPrefix hostAddress,
    IpPrefix hostAddress6,
    IpPrefix localAddress,
    IpPrefix localAddress6,
    String hostBridge,
    List<ExtraVeth> extraVeths,
    List<String> interfaces,
    List<String> macvlans,
    List<PortForward> forwardPorts,
    List<BindMount> bindMounts,
    List<String> tmpfs,
    List<String> additionalCapabilities,
    boolean enableTun,
    List<AllowedDevice> allowedDevices,
    boolean ephemeral,
    Duration timeoutStart,
    List<String> extraFlags,
    String networkNamespace,
    String containerMac) {

  /** containers.nix's default {@code timeoutStartSec}: "1min". */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  /** Copies every list and checks every field; throws {@link SpecException} on the first problem. */
  public ContainerSpec(
      String name,
      Image image,
      List<String> command,
      Boolean notifyReady,
      boolean privateNetwork,
      IpPrefix hostAddress,
      IpPrefix hostAddress6,
      IpPrefix localAddress,
      IpPrefix localAddress6,
      String hostBridge,
      List<ExtraVeth> extraVeths,
      List<String> interfaces,
      List<String> macvlans,
      List<PortForward> forwardPorts,
      List<BindMount> bindMounts,
      List<String> tmpfs,
      List<String> additionalCapabilities,
      boolean enableTun,
      List<AllowedDevice> allowedDevices,
      boolean ephemeral,
      Duration timeoutStart,
      List<String> extraFlags,
      String networkNamespace,
      String containerMac) {
    this.name = name;
    this.image = image == null ? new Image.Busybox() : image;
    this.command = copy(command);
    this.notifyReady = notifyReady;
    this.privateNetwork = privateNetwork;
    this.hostAddress = hostAddress;
    this.hostAddress6 = hostAddress6;
    this.localAddress = localAddress;
    this.localAddress6 = localAddress6;
    this.hostBridge = hostBridge;
    this.extraVeths = copy(extraVeths);
    this.interfaces = copy(interfaces);
    this.macvlans = copy(macvlans);
    this.forwardPorts = copy(forwardPorts);
    this.bindMounts = copy(bindMounts);
    this.tmpfs = copy(tmpfs);
    this.additionalCapabilities = copy(additionalCapabilities);
    this.enableTun = enableTun;
    this.allowedDevices = copy(allowedDevices);
    this.ephemeral = ephemeral;
    this.timeoutStart = timeoutStart == null ? DEFAULT_TIMEOUT : timeoutStart;
    this.extraFlags = copy(extraFlags);
    this.networkNamespace = networkNamespace;
    this.containerMac = containerMac;
    SpecRules.check(this);
  }

  private static <T> List<T> copy(List<T> list) {
    if (list == null) {
      return List.of();
    }
    for (T t : list) {
      Objects.requireNonNull(t, "list element");
    }
    return List.copyOf(list);
  }

  /** A builder with containers.nix's defaults for the container {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this spec's values, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.image = image;
    b.command = new ArrayList<>(command);
    b.notifyReady = notifyReady;
    b.privateNetwork = privateNetwork;
    b.hostAddress = hostAddress == null ? null : hostAddress.toString();
    b.hostAddress6 = hostAddress6 == null ? null : hostAddress6.toString();
    b.localAddress = localAddress == null ? null : localAddress.toString();
    b.localAddress6 = localAddress6 == null ? null : localAddress6.toString();
    b.hostBridge = hostBridge;
    b.extraVeths = new ArrayList<>(extraVeths);
    b.interfaces = new ArrayList<>(interfaces);
    b.macvlans = new ArrayList<>(macvlans);
    b.forwardPorts = new ArrayList<>(forwardPorts);
    b.bindMounts = new ArrayList<>(bindMounts);
    b.tmpfs = new ArrayList<>(tmpfs);
    b.additionalCapabilities = new ArrayList<>(additionalCapabilities);
    b.enableTun = enableTun;
    b.allowedDevices = new ArrayList<>(allowedDevices);
    b.ephemeral = ephemeral;
    b.timeoutStart = timeoutStart;
    b.extraFlags = new ArrayList<>(extraFlags);
    b.networkNamespace = networkNamespace;
    b.containerMac = containerMac;
    return b;
  }

  /** True when the container gets a network namespace of its own (privateNetwork, or any link given to it). */
  public boolean ownNetwork() {
    return privateNetwork || !extraVeths.isEmpty() || !interfaces.isEmpty() || !macvlans.isEmpty();
  }

  /** True when the main veth pair (ve-/vb-NAME to eth0) is made: privateNetwork with an address or a bridge. */
  public boolean hasMainVeth() {
    return privateNetwork
        && (hostAddress != null || hostAddress6 != null || localAddress != null || localAddress6 != null || hostBridge != null);
  }

  /** True when the payload is systemd booted by nspawn ({@code -b}): an empty command on a host or directory image. */
  public boolean boots() {
    return command.isEmpty() && !(image instanceof Image.Busybox);
  }

  /** Whether to wait for the payload's READY=1 ({@code --notify-ready=yes}). */
  public boolean waitsForPayloadReady() {
    return notifyReady != null ? notifyReady : boots();
  }

  /** The network namespace's path: {@code networkNamespace} if absolute, else /run/netns/NAME. */
  public Path netnsPath() {
    String n = networkNamespace == null ? name : networkNamespace;
    return n.startsWith("/") ? Path.of(n) : Path.of("/run/netns", n);
  }

  /** True when rtnl4j creates (and deletes) the namespace; false for a user's namespace given by absolute path. */
  public boolean ownsNetns() {
    return networkNamespace == null || !networkNamespace.startsWith("/");
  }

  /** Capabilities to add: additionalCapabilities, CAP_NET_ADMIN for enableTun, CAP_MKNOD for an 'm' device. */
  public List<String> effectiveCapabilities() {
    List<String> caps = new ArrayList<>(additionalCapabilities);
    if (enableTun && !caps.contains("CAP_NET_ADMIN")) {
      caps.add("CAP_NET_ADMIN");
    }
    for (AllowedDevice d : effectiveDevices()) {
      if (d.modifier().indexOf('m') >= 0 && !caps.contains("CAP_MKNOD")) {
        caps.add("CAP_MKNOD");
      }
    }
    return caps;
  }

  /** Devices to allow: allowedDevices plus /dev/net/tun (rw) for enableTun, as containers.nix adds. */
  public List<AllowedDevice> effectiveDevices() {
    List<AllowedDevice> devices = new ArrayList<>(allowedDevices);
    if (enableTun && devices.stream().noneMatch(d -> d.node().equals("/dev/net/tun"))) {
      devices.add(new AllowedDevice("/dev/net/tun", "rw"));
    }
    return devices;
  }

  /** The /etc/hosts line containers.nix generates ({@code <localAddress> <name>.containers}), or null. */
  public String hostsLine() {
    return localAddress == null ? null : localAddress.addressText() + " " + name + ".containers";
  }

  /**
   * Builds a {@link ContainerSpec}. Addresses and the timeout are taken as text, as containers.nix
   * writes them, and read by {@link #build()}, which reports a bad one with the container and
   * field name. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private Image image = new Image.Busybox();
    private List<String> command = new ArrayList<>();
    private Boolean notifyReady;
    private boolean privateNetwork;
    private String hostAddress;
    private String hostAddress6;
    private String localAddress;
    private String localAddress6;
    private String hostBridge;
    private List<ExtraVeth> extraVeths = new ArrayList<>();
    private final List<VethText> extraVethTexts = new ArrayList<>();
    private List<String> interfaces = new ArrayList<>();
    private List<String> macvlans = new ArrayList<>();
    private List<PortForward> forwardPorts = new ArrayList<>();
    private List<BindMount> bindMounts = new ArrayList<>();
    private List<String> tmpfs = new ArrayList<>();
    private List<String> additionalCapabilities = new ArrayList<>();
    private boolean enableTun;
    private List<AllowedDevice> allowedDevices = new ArrayList<>();
    private boolean ephemeral;
    private Duration timeoutStart = DEFAULT_TIMEOUT;
    private String timeoutStartText;
    private List<String> extraFlags = new ArrayList<>();
    private String networkNamespace;
    private String containerMac;

    private Builder(String name) {
      this.name = name;
    }

    /** The image; default busybox. */
    public Builder image(Image image) {
      this.image = image;
      return this;
    }

    /** The image as text: "host", "busybox" or an absolute directory. */
    public Builder image(String image) {
      try {
        this.image = Image.parse(image);
      } catch (IllegalArgumentException e) {
        throw SpecException.badValue(name, "image", image, e.getMessage());
      }
      return this;
    }

    /** The command to run instead of the image's init. */
    public Builder command(List<String> command) {
      this.command = new ArrayList<>(command);
      return this;
    }

    /** The command to run instead of the image's init. */
    public Builder command(String... command) {
      return command(List.of(command));
    }

    /** Wait for the payload's READY=1 (null: yes when booting systemd). */
    public Builder notifyReady(Boolean notifyReady) {
      this.notifyReady = notifyReady;
      return this;
    }

    /** Own network namespace. */
    public Builder privateNetwork(boolean privateNetwork) {
      this.privateNetwork = privateNetwork;
      return this;
    }

    /** IPv4 address of the host side, "a.b.c.d[/n]". */
    public Builder hostAddress(String hostAddress) {
      this.hostAddress = hostAddress;
      return this;
    }

    /** IPv6 address of the host side. */
    public Builder hostAddress6(String hostAddress6) {
      this.hostAddress6 = hostAddress6;
      return this;
    }

    /** IPv4 address of eth0, "a.b.c.d[/n]" (default /32). */
    public Builder localAddress(String localAddress) {
      this.localAddress = localAddress;
      return this;
    }

    /** IPv6 address of eth0 (default /128). */
    public Builder localAddress6(String localAddress6) {
      this.localAddress6 = localAddress6;
      return this;
    }

    /** Bridge for the host side of the veth. */
    public Builder hostBridge(String hostBridge) {
      this.hostBridge = hostBridge;
      return this;
    }

    /** An extra veth pair with addresses given as text, as containers.nix writes them. */
    public Builder extraVeth(String vethName, String hostBridge, String hostAddress, String hostAddress6,
        String localAddress, String localAddress6) {
      extraVethTexts.add(new VethText(vethName, hostBridge, hostAddress, hostAddress6, localAddress, localAddress6));
      return this;
    }

    /** An extra veth pair. */
    public Builder extraVeth(ExtraVeth veth) {
      extraVeths.add(veth);
      return this;
    }

    /** A host interface to move into the container. */
    public Builder interfaceMovedIn(String ifname) {
      interfaces.add(ifname);
      return this;
    }

    /** Host interfaces to move into the container. */
    public Builder interfaces(List<String> ifnames) {
      interfaces = new ArrayList<>(ifnames);
      return this;
    }

    /** A host interface to make a macvlan on for the container. */
    public Builder macvlan(String parent) {
      macvlans.add(parent);
      return this;
    }

    /** Host interfaces to make macvlans on. */
    public Builder macvlans(List<String> parents) {
      macvlans = new ArrayList<>(parents);
      return this;
    }

    /** A forwarded port. */
    public Builder forwardPort(String protocol, int hostPort, Integer containerPort) {
      forwardPorts.add(PortForward.of(protocol, hostPort, containerPort));
      return this;
    }

    /** A bind mount. */
    public Builder bindMount(String mountPoint, String hostPath, boolean readOnly) {
      bindMounts.add(new BindMount(mountPoint, hostPath, readOnly));
      return this;
    }

    /** A tmpfs ({@code --tmpfs=} value). */
    public Builder tmpfs(String spec) {
      tmpfs.add(spec);
      return this;
    }

    /** An extra capability. */
    public Builder capability(String cap) {
      additionalCapabilities.add(cap);
      return this;
    }

    /** Allow /dev/net/tun and CAP_NET_ADMIN. */
    public Builder enableTun(boolean enableTun) {
      this.enableTun = enableTun;
      return this;
    }

    /** An allowed device. */
    public Builder allowedDevice(String node, String modifier) {
      allowedDevices.add(new AllowedDevice(node, modifier));
      return this;
    }

    /** Ephemeral snapshot. */
    public Builder ephemeral(boolean ephemeral) {
      this.ephemeral = ephemeral;
      return this;
    }

    /** Start timeout. */
    public Builder timeoutStart(Duration timeout) {
      this.timeoutStart = timeout;
      this.timeoutStartText = null;
      return this;
    }

    /** Start timeout as systemd writes it ("15s", "1min", "1min 30s"). */
    public Builder timeoutStartSec(String text) {
      this.timeoutStartText = text;
      return this;
    }

    /** An extra nspawn argument (one argv element). */
    public Builder extraFlag(String flag) {
      extraFlags.add(flag);
      return this;
    }

    /** Extra nspawn arguments. */
    public Builder extraFlags(List<String> flags) {
      extraFlags = new ArrayList<>(flags);
      return this;
    }

    /** Network namespace name (under /run/netns) or absolute path of an existing one. */
    public Builder networkNamespace(String netns) {
      this.networkNamespace = netns;
      return this;
    }

    /** MAC of the container's eth0. */
    public Builder containerMac(String mac) {
      this.containerMac = mac;
      return this;
    }

    /** Applies {@code change} to this builder (for optional blocks in fluent code). */
    public Builder with(Consumer<Builder> change) {
      change.accept(this);
      return this;
    }

    /**
     * The spec.
     *
     * @throws SpecException naming the container and field of the first problem found
     */
    public ContainerSpec build() {
      List<ExtraVeth> veths = new ArrayList<>(extraVeths);
      for (VethText v : extraVethTexts) {
        String f = "extraVeths." + v.name() + ".";
        veths.add(new ExtraVeth(v.name(), v.hostBridge(),
            address(f + "hostAddress", v.hostAddress()), address(f + "hostAddress6", v.hostAddress6()),
            address(f + "localAddress", v.localAddress()), address(f + "localAddress6", v.localAddress6())));
      }
      Duration timeout = timeoutStart;
      if (timeoutStartText != null) {
        try {
          timeout = SystemdTime.parse(timeoutStartText);
        } catch (IllegalArgumentException e) {
          throw SpecException.badValue(name, "timeoutStartSec", timeoutStartText, e.getMessage());
        }
      }
      return new ContainerSpec(name, image, command, notifyReady, privateNetwork,
          address("hostAddress", hostAddress), address("hostAddress6", hostAddress6),
          address("localAddress", localAddress), address("localAddress6", localAddress6),
          hostBridge, veths, interfaces, macvlans, forwardPorts, bindMounts, tmpfs,
          additionalCapabilities, enableTun, allowedDevices, ephemeral, timeout, extraFlags,
          networkNamespace, containerMac);
    }

    private IpPrefix address(String field, String text) {
      if (text == null) {
        return null;
      }
      boolean six = field.endsWith("6");
      try {
        IpPrefix p = IpPrefix.parse(text);
        if (p.isIpv4() == six) {
          throw new IllegalArgumentException(six ? "not an IPv6 address" : "not an IPv4 address");
        }
        return p;
      } catch (IllegalArgumentException e) {
        throw SpecException.badValue(name, field, text, e.getMessage());
      }
    }

    private record VethText(String name, String hostBridge, String hostAddress, String hostAddress6,
        String localAddress, String localAddress6) {}
  }
}
