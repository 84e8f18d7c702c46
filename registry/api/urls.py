"""Registry API routes: call centres, premises, station returns."""
from rest_framework.routers import SimpleRouter

from .returns import StationReturnViewSet
from .views import CallCentreViewSet, PremisesViewSet

router = SimpleRouter()
router.register("station-returns", StationReturnViewSet, basename="stationreturn")
router.register("call-centres", CallCentreViewSet, basename="callcentre")
router.register("premises", PremisesViewSet, basename="premises")
urlpatterns = router.urls
