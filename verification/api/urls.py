"""Verification API routes: /api/agencies/, /api/letters/."""
from rest_framework.routers import SimpleRouter

from .views import AgencyViewSet, LetterViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("letters", LetterViewSet, basename="letter")
urlpatterns = router.urls
