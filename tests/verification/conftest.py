import pytest

from .seeds import agencies_seed


@pytest.fixture(autouse=True)
def seeded_agencies(request):
    """Every letters test starts with the seeded agencies and templates (a flush removes them)."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")  # the database as the test's marker asks
    else:
        return
    agencies_seed()
