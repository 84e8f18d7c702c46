"""Forms of the offenders pages, one module per entity. They parse input; the services validate and write."""
from .arrests import ArrestForm
from .bulletins import BulletinGenerateForm
from .busts import BustDocumentForm, BustForm
from .fields import AadhaarField, NoEchoInput
from .matches import DecisionForm
from .network import NetworkSearchForm
from .persons import PART_FORMS, PersonCoreForm, PersonForm
from .records import PriorImportForm, PriorRecordForm

__all__ = [
    "PART_FORMS", "AadhaarField", "ArrestForm", "BulletinGenerateForm", "BustDocumentForm", "BustForm", "DecisionForm",
    "NetworkSearchForm", "NoEchoInput", "PersonCoreForm", "PersonForm", "PriorImportForm", "PriorRecordForm",
]
