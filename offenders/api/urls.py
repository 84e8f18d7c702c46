"""Enforcement API routes: /api/busts/, /api/arrests/, /api/persons/ (+ match), /api/prior-records/."""
from rest_framework.routers import SimpleRouter

from .views import ArrestViewSet, BustViewSet, PersonViewSet, PriorRecordViewSet

router = SimpleRouter()
router.register("busts", BustViewSet, basename="bust")
router.register("arrests", ArrestViewSet, basename="arrest")
router.register("persons", PersonViewSet, basename="person")
router.register("prior-records", PriorRecordViewSet, basename="priorrecord")
urlpatterns = router.urls
