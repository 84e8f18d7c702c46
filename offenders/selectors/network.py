"""The network around a person, call centre, phone number, bank account or premises: the graph walk.

The graph links persons ↔ busts ↔ call centres ↔ premises ↔ landlords ↔ phones ↔ bank accounts:

- a person (one node per individual: all person records linked as the same identity) is
  linked to the busts they were arrested in (with their role), their phones and accounts;
- a bust to the call centre it raided; a call centre to its phones and premises (current and
  past stays); a premises to its landlord; a landlord to their phone and other premises;
- a phone to every person, call centre and landlord using it; an account to every person
  holding it.

It is built breadth-first from one node, `depth` hops (2 by default, at most 3), with at most
`max_nodes` nodes. Each hop costs a fixed number of queries (one per kind of link and one per
kind of new node), whatever the number of nodes: no N+1.

Access. Persons are readable city-wide by every police role, and what their records say
(arrests with FIR, station and date; phones; accounts) is read through them, as on the person
page. Call centres, premises and landlords come only from `for_user` querysets: one outside
the officer's scope is **omitted**, and the walk never continues through it. We omit rather
than show "another station's record" because the start of a walk can be a bare phone number
or account: a placeholder would tell a station officer that another station holds a call
centre with that number, which the access rule forbids (out of scope means absent). The
cyber crime team and the commissioner see the whole city, so they see the whole network.
Busts are shown (FIR, station and date, as on the person page) and linked to their page only
when in the officer's scope.

The picture (where each node sits) is offenders.rendering.network_layout; the ranking of likely
masterminds is offenders.selectors.masterminds.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.phones import normalize_phone
from registry.models import CallCentre, CallCentrePhone, Occupancy, Premises

from ..choices import ArrestRole
from ..models import Arrest, Bust, Person, PersonAccount, PersonPhone
from .cases import readable_annotation

DEFAULT_DEPTH = 2


MAX_DEPTH = 3


MAX_NODES = 120


PERSON, BUST, CALLCENTRE, PREMISES, LANDLORD, PHONE, ACCOUNT = (
    "person", "bust", "callcentre", "premises", "landlord", "phone", "account",
)


#: Kinds in the order nodes are kept when the cap is reached, with their labels and colours.
KINDS = {
    PERSON: (_("Person"), "#c0392b", "P"),
    BUST: (_("Bust"), "#2c3e50", "B"),
    CALLCENTRE: (_("Call centre"), "#2471a3", "C"),
    PREMISES: (_("Premises"), "#7d3c98", "H"),
    PHONE: (_("Phone"), "#1e8449", "T"),
    ACCOUNT: (_("Bank account / UPI"), "#b9770e", "₹"),
    LANDLORD: (_("Landlord"), "#6e2c00", "L"),
}


KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class NetworkKind:
    """A kind of node an upper app adds to the network (complaints), without offenders importing it.

    `links(user, frontier)` gets the frontier's keys by kind and returns (a, b, label) links, one
    query per kind at most; `resolve(user, keys)` returns the Nodes of the new keys the officer may see.
    """

    kind: str
    label: str
    colour: str
    letter: str
    links: Callable[..., list]
    resolve: Callable[..., dict]


_EXTRA_KINDS: dict[str, NetworkKind] = {}


def register_network_kind(extra: NetworkKind) -> None:
    """Called from an AppConfig.ready: the network walks and draws this kind too (after the others)."""
    _EXTRA_KINDS[extra.kind] = extra
    KINDS[extra.kind] = (extra.label, extra.colour, extra.letter)
    KIND_ORDER[extra.kind] = len(KIND_ORDER) if extra.kind not in KIND_ORDER else KIND_ORDER[extra.kind]


NodeKey = tuple[str, str]


@dataclass
class Node:
    kind: str
    key: str
    label: str
    detail: str = ""
    url: str = ""  # the record's own page, when the officer may open it
    network_url: str = ""  # this node's own network
    hop: int = 0
    parent: NodeKey | None = None
    x: float = 0.0
    y: float = 0.0

    @property
    def id(self) -> NodeKey:
        return (self.kind, self.key)

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind][0])

    @property
    def colour(self) -> str:
        return KINDS[self.kind][1]

    @property
    def letter(self) -> str:
        return KINDS[self.kind][2]

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= 24 else self.label[:23] + "…"


@dataclass
class Edge:
    a: NodeKey
    b: NodeKey
    label: str


@dataclass
class Network:
    """The nodes (the centre first), the links between them, and whether the cap cut it short."""

    centre: NodeKey
    depth: int
    nodes: dict[NodeKey, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False
    width: int = 0
    height: int = 0

    def edge_lines(self) -> list[tuple[Node, Node, str]]:
        return [(self.nodes[e.a], self.nodes[e.b], e.label) for e in self.edges]

    def by_kind(self) -> list[tuple[str, list[Node]]]:
        groups: dict[str, list[Node]] = defaultdict(list)
        for node in self.nodes.values():
            groups[node.kind].append(node)
        return [
            (str(KINDS[kind][0]), sorted(groups[kind], key=lambda n: (n.hop, n.label.casefold())))
            for kind in KINDS if groups.get(kind)
        ]


def account_key(raw: str) -> str:
    """An account number (letters and digits, upper case) or a UPI id (lower case), as stored."""
    text = " ".join((raw or "").split())
    if "@" in text:
        return text.lower()[:100]
    return "".join(ch for ch in text if ch.isalnum()).upper()[:34]


def network_url(kind: str, key: str | int) -> str:
    return reverse(f"offenders:network-{kind}", args=[key])


class _Walk:
    """One breadth-first walk: discovers links hop by hop and resolves the new nodes in bulk."""

    def __init__(self, user, depth: int, max_nodes: int):
        self.user = user
        self.depth = depth
        self.max_nodes = max_nodes
        self.nodes: dict[NodeKey, Node] = {}
        self.edges: dict[tuple[NodeKey, NodeKey, str], Edge] = {}
        self.truncated = False
        # What resolving needs to expand a node later (a call centre's premises, a premises' landlord).
        self.extra: dict[NodeKey, dict] = {}
        self.hints: dict[NodeKey, dict] = {}  # labels known at discovery (landlords, accounts)

    # ----------------------------------------------------------------- discovery (links)

    def _links(self, frontier: list[NodeKey]) -> list[tuple[NodeKey, NodeKey, str]]:
        ids: dict[str, list[str]] = defaultdict(list)
        for kind, key in frontier:
            ids[kind].append(key)
        links: list[tuple[NodeKey, NodeKey, str]] = []
        if ids[PERSON]:
            links += self._person_links([int(k) for k in ids[PERSON]])
        if ids[BUST]:
            links += self._bust_links([int(k) for k in ids[BUST]])
        if ids[CALLCENTRE]:
            links += self._callcentre_links([int(k) for k in ids[CALLCENTRE]])
        if ids[PREMISES]:
            links += self._premises_links([int(k) for k in ids[PREMISES]])
        if ids[LANDLORD]:
            links += self._landlord_links(ids[LANDLORD])
        if ids[PHONE]:
            links += self._phone_links(ids[PHONE])
        if ids[ACCOUNT]:
            links += self._account_links(ids[ACCOUNT])
        for extra in _EXTRA_KINDS.values():
            links += extra.links(self.user, ids)
        return links

    def _person_links(self, identities: list[int]) -> list:
        """3 queries: arrests, phones and accounts of every record of these individuals."""
        links = []
        roles = dict(ArrestRole.choices)
        for identity, bust, role in Arrest.objects.filter(person__identity_id__in=identities).values_list(
            "person__identity_id", "bust_id", "role"
        ):
            links.append(((PERSON, str(identity)), (BUST, str(bust)), _g("arrested (%(role)s)") % {"role": roles.get(role, role)}))
        for identity, number in PersonPhone.objects.filter(person__identity_id__in=identities).values_list(
            "person__identity_id", "number"
        ):
            links.append(((PERSON, str(identity)), (PHONE, number), _g("uses phone")))
        for identity, identifier, kind, bank in PersonAccount.objects.filter(
            person__identity_id__in=identities
        ).values_list("person__identity_id", "identifier", "kind", "bank_name"):
            self.hints.setdefault((ACCOUNT, identifier), {"kind": kind, "bank": bank})
            links.append(((PERSON, str(identity)), (ACCOUNT, identifier), _g("holds account")))
        return links

    def _bust_links(self, busts: list[int]) -> list:
        """2 queries: the persons arrested in these busts, and the call centres raided."""
        links = []
        roles = dict(ArrestRole.choices)
        for bust, identity, role in Arrest.objects.filter(bust_id__in=busts).values_list(
            "bust_id", "person__identity_id", "role"
        ):
            links.append(((BUST, str(bust)), (PERSON, str(identity)), _g("arrested (%(role)s)") % {"role": roles.get(role, role)}))
        for bust, centre in Bust.objects.filter(pk__in=busts, call_centre__isnull=False).values_list("pk", "call_centre_id"):
            links.append(((BUST, str(bust)), (CALLCENTRE, str(centre)), _g("raided")))
        return links

    def _callcentre_links(self, centres: list[int]) -> list:
        """3 queries: busts of these call centres, their phones and their stays at premises."""
        links = []
        for centre, bust in Bust.objects.filter(call_centre_id__in=centres).values_list("call_centre_id", "pk"):
            links.append(((CALLCENTRE, str(centre)), (BUST, str(bust)), _g("raided")))
        for centre, number in CallCentrePhone.objects.filter(call_centre_id__in=centres).values_list(
            "call_centre_id", "number"
        ):
            links.append(((CALLCENTRE, str(centre)), (PHONE, number), _g("uses phone")))
        for centre, premises in Occupancy.objects.filter(call_centre_id__in=centres).values_list(
            "call_centre_id", "premises_id"
        ):
            links.append(((CALLCENTRE, str(centre)), (PREMISES, str(premises)), _g("at premises")))
        for centre in centres:  # the current premises, read when the call centre was resolved
            premises = self.extra.get((CALLCENTRE, str(centre)), {}).get("premises")
            if premises:
                links.append(((CALLCENTRE, str(centre)), (PREMISES, str(premises)), _g("at premises")))
        return links

    def _premises_links(self, premises_ids: list[int]) -> list:
        """2 queries: call centres that stayed at (or are at) these premises; landlords from resolving."""
        links = []
        for premises, centre in Occupancy.objects.filter(premises_id__in=premises_ids).values_list(
            "premises_id", "call_centre_id"
        ):
            links.append(((PREMISES, str(premises)), (CALLCENTRE, str(centre)), _g("at premises")))
        for premises, centre in CallCentre.objects.filter(premises_id__in=premises_ids).values_list("premises_id", "pk"):
            links.append(((PREMISES, str(premises)), (CALLCENTRE, str(centre)), _g("at premises")))
        for premises in premises_ids:
            info = self.extra.get((PREMISES, str(premises)), {})
            if info.get("landlord_key"):
                key = info["landlord_key"]
                self.hints.setdefault((LANDLORD, key), {"name": info["landlord_name"], "phone": info["landlord_phone"]})
                links.append(((PREMISES, str(premises)), (LANDLORD, key), _g("let by")))
        return links

    def _landlord_links(self, keys: list[str]) -> list:
        """1 query: other premises (in scope) of these landlords, and their phones."""
        links = []
        for key, premises in Premises.objects.for_user(self.user).filter(landlord_key__in=keys).values_list(
            "landlord_key", "pk"
        ):
            links.append(((LANDLORD, key), (PREMISES, str(premises)), _g("let by")))
        for key in keys:
            phone = self.hints.get((LANDLORD, key), {}).get("phone")
            if phone:
                links.append(((LANDLORD, key), (PHONE, phone), _g("uses phone")))
        return links

    def _phone_links(self, numbers: list[str]) -> list:
        """3 queries: persons, call centres and landlords (of premises in scope) using these numbers."""
        links = []
        for number, identity in PersonPhone.objects.filter(number__in=numbers).values_list("number", "person__identity_id"):
            links.append(((PHONE, number), (PERSON, str(identity)), _g("uses phone")))
        for number, centre in CallCentrePhone.objects.for_user(self.user).filter(number__in=numbers).values_list(
            "number", "call_centre_id"
        ):
            links.append(((PHONE, number), (CALLCENTRE, str(centre)), _g("uses phone")))
        for number, key, name in (
            Premises.objects.for_user(self.user).filter(landlord_phone__in=numbers)
            .values_list("landlord_phone", "landlord_key", "landlord_name").distinct()
        ):
            if key:
                self.hints.setdefault((LANDLORD, key), {"name": name, "phone": number})
                links.append(((PHONE, number), (LANDLORD, key), _g("uses phone")))
        return links

    def _account_links(self, identifiers: list[str]) -> list:
        """1 query: persons holding these accounts."""
        links = []
        for identifier, identity, kind, bank in PersonAccount.objects.filter(identifier__in=identifiers).values_list(
            "identifier", "person__identity_id", "kind", "bank_name"
        ):
            self.hints.setdefault((ACCOUNT, identifier), {"kind": kind, "bank": bank})
            links.append(((ACCOUNT, identifier), (PERSON, str(identity)), _g("holds account")))
        return links

    # ----------------------------------------------------------------- resolving (new nodes)

    def resolve(self, keys: list[NodeKey]) -> dict[NodeKey, Node]:
        """Nodes for these keys, only those the officer may see (one query per kind that needs one)."""
        ids: dict[str, list[str]] = defaultdict(list)
        for kind, key in keys:
            ids[kind].append(key)
        out: dict[NodeKey, Node] = {}
        if ids[PERSON]:
            out.update(self._resolve_persons([int(k) for k in ids[PERSON]]))
        if ids[BUST]:
            out.update(self._resolve_busts([int(k) for k in ids[BUST]]))
        if ids[CALLCENTRE]:
            out.update(self._resolve_callcentres([int(k) for k in ids[CALLCENTRE]]))
        if ids[PREMISES]:
            out.update(self._resolve_premises([int(k) for k in ids[PREMISES]]))
        for key in ids[LANDLORD]:
            hint = self.hints.get((LANDLORD, key))
            if hint is None:  # only landlords seen through premises in scope
                continue
            label = hint.get("name") or hint.get("phone") or key
            out[(LANDLORD, key)] = Node(LANDLORD, key, label, detail=hint.get("phone") or "")
        for number in ids[PHONE]:
            out[(PHONE, number)] = Node(PHONE, number, number, network_url=network_url(PHONE, number))
        for identifier in ids[ACCOUNT]:
            hint = self.hints.get((ACCOUNT, identifier), {})
            detail = " ".join(part for part in (hint.get("bank") or "", hint.get("kind") or "") if part)
            out[(ACCOUNT, identifier)] = Node(
                ACCOUNT, identifier, identifier, detail=detail, network_url=network_url(ACCOUNT, identifier)
            )
        for kind, extra in _EXTRA_KINDS.items():
            if ids[kind]:
                out.update(extra.resolve(self.user, ids[kind]))
        return out

    def _resolve_persons(self, identities: list[int]) -> dict:
        """1 query: each individual's oldest record names the node; all their records are counted."""
        records: dict[int, list[Person]] = defaultdict(list)
        for person in Person.objects.for_user(self.user).filter(identity_id__in=identities).order_by("identity_id", "pk"):
            records[person.identity_id].append(person)
        out = {}
        for identity, group in records.items():
            head = group[0]
            detail = f"{head.relation or 's/o'} {head.father_name}" if head.father_name else ""
            if len(group) > 1:
                detail = (detail + "; " if detail else "") + ngettext(
                    "%(n)s linked record", "%(n)s linked records", len(group) - 1
                ) % {"n": len(group) - 1}
            out[(PERSON, str(identity))] = Node(
                PERSON, str(identity), head.name, detail=detail,
                url=reverse("offenders:person-detail", args=[head.pk]), network_url=network_url(PERSON, head.pk),
            )
        return out

    def _resolve_busts(self, busts: list[int]) -> dict:
        """1 query: FIR, station and date of each bust; a link only to busts in the officer's scope."""
        out = {}
        readable = readable_annotation(self.user)
        for bust in Bust.objects.filter(pk__in=busts).select_related("station").annotate(readable=readable):
            out[(BUST, str(bust.pk))] = Node(
                BUST, str(bust.pk), _g("FIR %(fir)s") % {"fir": bust.fir_number},
                detail=f"{bust.station.name}, {bust.raid_date:%d-%m-%Y}",
                url=reverse("offenders:bust-detail", args=[bust.pk]) if bust.readable else "",
            )
        return out

    def _resolve_callcentres(self, centres: list[int]) -> dict:
        """1 query, through for_user: call centres outside the officer's scope are left out."""
        out = {}
        for centre in CallCentre.objects.for_user(self.user).filter(pk__in=centres).select_related("station"):
            key = (CALLCENTRE, str(centre.pk))
            self.extra[key] = {"premises": centre.premises_id}
            out[key] = Node(
                CALLCENTRE, str(centre.pk), centre.name, detail=f"{centre.get_status_display()}, {centre.station.name}",
                url=reverse("registry:callcentre-detail", args=[centre.pk]), network_url=network_url(CALLCENTRE, centre.pk),
            )
        return out

    def _resolve_premises(self, premises_ids: list[int]) -> dict:
        """1 query, through for_user: premises outside the officer's scope are left out."""
        out = {}
        for premises in Premises.objects.for_user(self.user).filter(pk__in=premises_ids).select_related("locality"):
            key = (PREMISES, str(premises.pk))
            self.extra[key] = {
                "landlord_key": premises.landlord_key, "landlord_name": premises.landlord_name,
                "landlord_phone": premises.landlord_phone,
            }
            out[key] = Node(
                PREMISES, str(premises.pk), premises.address_raw, detail=premises.locality.name,
                url=reverse("registry:premises-detail", args=[premises.pk]), network_url=network_url(PREMISES, premises.pk),
            )
        return out

    # ----------------------------------------------------------------- the walk

    def _add_edge(self, a: NodeKey, b: NodeKey, label: str) -> None:
        if a == b or a not in self.nodes or b not in self.nodes:
            return
        first, second = sorted((a, b))
        self.edges.setdefault((first, second, label), Edge(a, b, label))

    def run(self, centre: NodeKey) -> Network:
        resolved = self.resolve([centre])
        node = resolved.get(centre) or Node(centre[0], centre[1], centre[1])
        node.hop = 0
        self.nodes[centre] = node
        frontier = [centre]
        for hop in range(1, self.depth + 1):
            if not frontier:
                break
            links = self._links(frontier)
            parents: dict[NodeKey, NodeKey] = {}
            for a, b, _label in links:
                if b not in self.nodes:
                    parents.setdefault(b, a)
            new_nodes = self.resolve(sorted(parents, key=lambda k: (KIND_ORDER[k[0]], k[1])))
            room = self.max_nodes - len(self.nodes)
            ordered = sorted(new_nodes.values(), key=lambda n: (KIND_ORDER[n.kind], n.label.casefold(), n.key))
            if len(ordered) > room:
                self.truncated = True
                ordered = ordered[: max(room, 0)]
            for new in ordered:
                new.hop, new.parent = hop, parents[new.id]
                self.nodes[new.id] = new
            for a, b, label in links:
                self._add_edge(a, b, label)
            frontier = [n.id for n in ordered]
        network = Network(centre=centre, depth=self.depth, nodes=self.nodes, edges=list(self.edges.values()),
                          truncated=self.truncated)
        return network


def network_build(*, user, kind: str, key: str, depth: int = DEFAULT_DEPTH, max_nodes: int = MAX_NODES) -> Network:
    """The network around one node. The caller has checked the start is readable (get_scoped_or_404).

    `key` is an identity id for a person, a pk for a call centre or premises, the 10-digit
    number for a phone, the stored identifier for an account.
    """
    depth = max(1, min(int(depth), MAX_DEPTH))
    return _Walk(user, depth, max_nodes).run((kind, str(key)))


def parse_depth(raw) -> int:
    """?depth= as an officer may type it: anything unreadable is the default, anything else 1..MAX_DEPTH."""
    try:
        return max(1, min(int(raw), MAX_DEPTH))
    except (TypeError, ValueError):
        return DEFAULT_DEPTH


def phone_key(raw: str) -> str | None:
    return normalize_phone(raw or "")

