from rest_framework.routers import DefaultRouter

from .views import PoliceStationViewSet

router = DefaultRouter()
router.register("stations", PoliceStationViewSet, basename="station")
urlpatterns = router.urls
