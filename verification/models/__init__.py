"""Models of verification, one module per sub-domain: licences, agencies and letters, inspections."""
from .inspections import Inspection, InspectionCapacity, InspectionPhoto, InspectionPlan
from .licences import Licence

__all__ = ["Inspection", "InspectionCapacity", "InspectionPhoto", "InspectionPlan", "Licence"]
