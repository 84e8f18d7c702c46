"""Models of verification, one module per sub-domain: licences, agencies and letters, inspections."""
from .licences import Licence

__all__ = ["Licence"]
