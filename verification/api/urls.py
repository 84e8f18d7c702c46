"""Verification API routes: /api/agencies/, /api/letters/, /api/inspections/."""
from rest_framework.routers import SimpleRouter

from .views import AgencyViewSet, InspectionViewSet, LetterViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("letters", LetterViewSet, basename="letter")
router.register("inspections", InspectionViewSet, basename="inspection")
urlpatterns = router.urls
