"""Models of enforcement: busts (cases), persons, arrests, prior records and person matching.

Split by meaning:
- cases.py: LawSection, Bust, BustDocument
- persons.py: Identity, Person and what is known about a person (aliases, phones,
  addresses, accounts, identity documents, photographs)
- records.py: Arrest, PriorRecord
- matching.py: MatchDecision (confirmed, rejected and queued possible matches)
"""
from .bulletins import Bulletin, BulletinReceipt  # noqa: F401  (bulletins of repeat offenders)
from .cases import Bust, BustDocument, LawSection
from .matching import MatchDecision
from .persons import (
    Identity,
    IdentityDocument,
    Person,
    PersonAccount,
    PersonAddress,
    PersonAlias,
    PersonPhone,
    PersonPhoto,
)
from .records import Arrest, PriorRecord

__all__ = [
    "Arrest",
    "Bust",
    "BustDocument",
    "Identity",
    "IdentityDocument",
    "LawSection",
    "MatchDecision",
    "Person",
    "PersonAccount",
    "PersonAddress",
    "PersonAlias",
    "PersonPhone",
    "PersonPhoto",
    "PriorRecord",
]
