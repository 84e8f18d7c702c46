"""Demo data of the registry (`manage.py seed_demo`): call centres, then returns and notices."""
from .callcentres import seed_call_centres
from .returns import seed_returns

__all__ = ["seed_call_centres", "seed_returns"]
