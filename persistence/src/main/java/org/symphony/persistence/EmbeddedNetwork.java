package org.symphony.persistence;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may reach the embedded server over TCP: the addresses it listens on ({@code listen_addresses}) and the networks
 * (CIDR) that get a SCRAM-SHA-256 {@code host} rule in pg_hba.conf besides loopback. The default, localhost only,
 * suits one node; nodes on other hosts (or network namespaces) sharing one embedded server need both widened.
 */
public record EmbeddedNetwork(String listenAddresses, List<String> allowedNetworks) {

    // Written into postgresql's command line and pg_hba.conf: host names, IPv4/IPv6 literals and '*' only.
    private static final Pattern ADDRESS = Pattern.compile("\\*|[A-Za-z0-9.:_-]+");
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern IPV6_CIDR = Pattern.compile("[0-9A-Fa-f:]+/(\\d{1,3})");

    /** localhost only: what a single node needs (declared after the patterns its constructor uses). */
    public static final EmbeddedNetwork LOCAL = new EmbeddedNetwork("localhost", List.of());

    public EmbeddedNetwork {
        if (listenAddresses == null || listenAddresses.isBlank())
            throw new IllegalArgumentException("listen-addresses must not be blank (\"localhost\" = loopback only)");
        for (String address : listenAddresses.split(",")) {
            if (!ADDRESS.matcher(address.trim()).matches())
                throw new IllegalArgumentException("listen-addresses: not a host name or address: '" + address.trim() + "'");
        }
        allowedNetworks = List.copyOf(allowedNetworks == null ? List.of() : allowedNetworks);
        allowedNetworks.forEach(EmbeddedNetwork::requireCidr);
    }

    private static void requireCidr(String cidr) {
        var v4 = IPV4_CIDR.matcher(cidr);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) throw notCidr(cidr);
            }
            if (Integer.parseInt(v4.group(5)) > 32) throw notCidr(cidr);
            return;
        }
        var v6 = IPV6_CIDR.matcher(cidr);
        if (v6.matches() && cidr.contains(":") && Integer.parseInt(v6.group(1)) <= 128) return;
        throw notCidr(cidr);
    }

    private static IllegalArgumentException notCidr(String cidr) {
        return new IllegalArgumentException("allowed-networks: not a CIDR network (e.g. 10.0.0.0/24): '" + cidr + "'");
    }
}
