"""Registry API routes: call centres, premises, station returns."""
from rest_framework.routers import SimpleRouter

router = SimpleRouter()
# Each capability registers its viewsets here:
# router.register("call-centres", CallCentreViewSet, basename="callcentre")
from .returns import StationReturnViewSet  # noqa: E402

router.register("station-returns", StationReturnViewSet, basename="stationreturn")
from .views import CallCentreViewSet, PremisesViewSet  # noqa: E402

router.register("call-centres", CallCentreViewSet, basename="callcentre")
router.register("premises", PremisesViewSet, basename="premises")
urlpatterns = router.urls
