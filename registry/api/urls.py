"""Registry API routes: call centres, premises, station returns."""
from rest_framework.routers import SimpleRouter

router = SimpleRouter()
# Each capability registers its viewsets here:
# router.register("call-centres", CallCentreViewSet, basename="callcentre")
from .returns import StationReturnViewSet  # noqa: E402

router.register("station-returns", StationReturnViewSet, basename="stationreturn")
urlpatterns = router.urls
