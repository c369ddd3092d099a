"""Where a webhook may be sent: public addresses only, unless WEBHOOK_ALLOWED_NETWORKS says
otherwise (SSRF defence).

A subscription's URL is an address an integration chose, which the desk's own network then
calls. Without a check it reaches what only the desk can reach: PostgreSQL and Redis on
loopback, the cloud's metadata service on 169.254.169.254, the office's 10.x hosts. So a URL
is refused when its host is, or resolves to, a loopback, private, shared (CGNAT), link-local,
reserved, multicast or unspecified address — also in the IPv6 spellings that carry an IPv4
address (IPv4-mapped, IPv4-compatible, 6to4, NAT64) — or when it carries a user name or
password. The check runs when a subscription is made (the model field's validator: API and
admin alike) and again at every attempt, on the addresses the name resolves to *then*; the
sender connects to the address that passed (`pin`), so a name that changes its answer between
the check and the connection (DNS rebinding) cannot slip past.

Python's `ipaddress` classifies addresses (its `is_global` follows IANA's special-purpose
registries); maintained SSRF packages were looked at and not taken (see SECURITY.md).
"""

import ipaddress
import socket
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

REFUSED = ("This address is not allowed: webhooks go to public addresses only (loopback, "
           "private, link-local, reserved and multicast addresses are refused).")
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix: the last 32 bits are IPv4
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # a site's own translator: internal
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d


class DestinationRefused(Exception):
    """The URL may not be called; `message` says why, in words fit for its owner."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Unresolvable(Exception):
    """The host name has no address (now)."""


@dataclass(frozen=True)
class Destination:
    """A checked URL: connect to `address`, speak to `host` (Host header, TLS name)."""

    scheme: str
    host: str
    port: int
    address: str
    target: str  # path and query
    host_header: str


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]):
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def allowed_networks():
    return _networks(tuple(settings.WEBHOOK_ALLOWED_NETWORKS))


def _embedded_ipv4(address):
    """The IPv4 address an IPv6 address stands for, if it is one of those spellings."""
    if address.version != 6:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address in NAT64 or (address in IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _is_public(address) -> bool:
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return _is_public(embedded)
    if address.version == 6 and address in LOCAL_NAT64:
        return False
    # is_global leaves out loopback, private, shared, link-local, unspecified and most
    # reserved ranges; multicast and the rest of the reserved space are refused on top.
    return address.is_global and not address.is_multicast and not address.is_reserved


def is_allowed(address) -> bool:
    """May a webhook connect to this address?"""
    address = ipaddress.ip_address(address)
    candidates = [address]
    if (embedded := _embedded_ipv4(address)) is not None:
        candidates.append(embedded)
    networks = allowed_networks()
    if any(candidate in network for candidate in candidates for network in networks
           if candidate.version == network.version):
        return True
    return _is_public(address)


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` stands for now (an IP literal stands for itself)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolvable(host) from exc
    addresses = []
    for *_, sockaddr in answers:
        address = sockaddr[0].split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) is link-local
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise Unresolvable(host)
    return addresses


def _parse(url: str):
    """(scheme, host, port, parts) of an http(s) URL without credentials."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise DestinationRefused("Only http and https URLs.")
    if "@" in parts.netloc:
        raise DestinationRefused("A webhook URL may not carry a user name or password "
                                 "(sign deliveries with the subscription's secret instead).")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise DestinationRefused("The port is not a number from 1 to 65535.") from exc
    if not parts.hostname:
        raise DestinationRefused("The URL has no host.")
    return scheme, parts.hostname, port, parts


def check(url: str) -> None:
    """Refuse (DestinationRefused) a URL whose host is, or resolves to, an address webhooks
    may not reach. A name that does not resolve yet is let through: nothing can be sent to
    it, and every attempt checks again."""
    _, host, port, _ = _parse(url)
    try:
        addresses = resolve(host, port)
    except Unresolvable:
        return
    if not all(is_allowed(address) for address in addresses):
        raise DestinationRefused(REFUSED)


def pin(url: str) -> Destination:
    """At send time: resolve once, refuse if any answer may not be reached, and return the
    address to connect to. Raises DestinationRefused or Unresolvable."""
    scheme, host, port, parts = _parse(url)
    addresses = resolve(host, port)
    if not all(is_allowed(address) for address in addresses):
        raise DestinationRefused(REFUSED)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(scheme=scheme, host=host, port=port, address=addresses[0],
                       target=target, host_header=parts.netloc)


def validate_destination(value):
    """The field validator (model, API serializer, admin form): a ValidationError on `url`."""
    try:
        check(value)
    except DestinationRefused as refused:
        raise ValidationError(refused.message, code="destination_not_allowed") from None
